#include "auth/crypto.hpp"

#include <gtest/gtest.h>

namespace lo::auth {

TEST(PasswordHashing, UsesArgon2idAndVerifies) {
    const auto hash = hash_password("correct horse battery staple");
    EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
    EXPECT_TRUE(verify_password("correct horse battery staple", hash));
    EXPECT_FALSE(verify_password("correct horse battery stapl", hash));
    EXPECT_FALSE(verify_password("", ""));
    EXPECT_NE(hash, hash_password("correct horse battery staple")) << "salted";
}

TEST(Tokens, AreRandom256BitHexAndStoredAsHashes) {
    const auto a = random_token();
    EXPECT_EQ(a.size(), 64u);
    EXPECT_NE(a, random_token());
    EXPECT_EQ(hash_token(a).size(), 64u);
    EXPECT_NE(hash_token(a), a);
    EXPECT_EQ(hash_token(a), hash_token(a));
}

TEST(CsrfTokens, AreTiedToTheSessionAndDifferFromTheStoredHash) {
    const auto session = random_token();
    EXPECT_EQ(csrf_token_for(session), csrf_token_for(session));
    EXPECT_NE(csrf_token_for(session), csrf_token_for(random_token()));
    EXPECT_NE(csrf_token_for(session), hash_token(session));
    EXPECT_TRUE(equal_secrets(csrf_token_for(session), csrf_token_for(session)));
    EXPECT_FALSE(equal_secrets("", ""));
    EXPECT_FALSE(equal_secrets("abc", "abd"));
}

TEST(PasswordRules, SayWhatToDo) {
    EXPECT_EQ(password_problem("", "a@b.org"), "Enter a password");
    EXPECT_EQ(password_problem("short", "a@b.org"),
              "Password must be 12 characters or more. Three random words make a strong password");
    EXPECT_EQ(password_problem("xxsam@example.orgxx", "Sam@Example.org"),
              "Password must not contain your e-mail address");
    EXPECT_EQ(password_problem("purple monkey dishwasher", "a@b.org"), "");
}

}  // namespace lo::auth
