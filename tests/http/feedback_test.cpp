// "Is this page useful?", "Report a problem" and the information pages every public site needs.
#include "web/public/pages.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "web/page.hpp"

namespace lo::test {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

class FeedbackTest : public PublicSiteTest {};

TEST_F(FeedbackTest, EveryPageAsksIfItWasUsefulAboutItself) {
    const web::CurrentPath path("/advice");
    const auto r = get("/advice");
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(contains(r.body, "Is this page useful?"));
    EXPECT_TRUE(contains(r.body, "<input type=\"hidden\" name=\"page\" value=\"/advice\">"));
    EXPECT_TRUE(contains(r.body,
                         "href=\"/feedback?page=%2Fadvice&amp;problem=1\">Report a problem "
                         "with this page</a>"));
}

TEST_F(FeedbackTest, TheFeedbackPagesDoNotAskAboutThemselves) {
    const web::CurrentPath path("/feedback");
    EXPECT_FALSE(contains(get("/feedback").body, "Is this page useful?"));
}

TEST_F(FeedbackTest, YesIsStoredAndThanked) {
    const auto r = post("/feedback", "page=%2Fadvice&useful=yes");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.header("Location"), "/feedback/thanks?page=%2Fadvice");
    const auto all = store_->feedback().list({});
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].page, "/advice");
    EXPECT_EQ(all[0].useful, true);
    EXPECT_TRUE(
        contains(get("/feedback/thanks?page=%2Fadvice").body, "Thank you for your feedback"));
}

TEST_F(FeedbackTest, NoAsksWhatWentWrongAndTheCommentLosesContactDetails) {
    const auto r = post("/feedback", "page=%2Fadvice&useful=no");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.header("Location"), "/feedback?answered=no&page=%2Fadvice");
    const auto form = get("/feedback?answered=no&page=%2Fadvice");
    EXPECT_TRUE(contains(form.body, "Help us improve this page"));
    EXPECT_TRUE(contains(form.body, "We remove email addresses and phone numbers before we save"));
    EXPECT_EQ(post("/feedback", "page=%2Fadvice&kind=no&comment=Ring+me+on+07700+900123").status,
              303);
    const auto all = store_->feedback().list({});
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].comment.find("07700"), std::string::npos);
    EXPECT_TRUE(contains(all[0].comment + all[1].comment, "Ring me on [phone number removed]"));
}

TEST_F(FeedbackTest, AProblemReportIsMarkedAsOne) {
    EXPECT_TRUE(contains(get("/feedback?page=%2Fservices%2Fx&problem=1").body,
                         "What is wrong with the page?"));
    EXPECT_EQ(post("/feedback", "page=%2Fservices%2Fx&kind=problem&comment=Phone+is+wrong").status,
              303);
    EXPECT_EQ(store_->feedback().list({})[0].comment, "Phone is wrong");
    EXPECT_TRUE(store_->feedback().list({})[0].problem);
}

TEST_F(FeedbackTest, AnEmptyOrOverLongCommentIsRefusedWithAnErrorSummary) {
    auto r = post("/feedback", "page=%2F&kind=problem&comment=");
    EXPECT_EQ(r.status, 422);
    EXPECT_TRUE(contains(r.body, "There is a problem"));
    // Issue 14: the message asks the form's own question (this form has no yes or no), and the
    // summary takes focus when the page opens.
    EXPECT_TRUE(contains(r.body, "<a href=\"#comment\">Tell us what is wrong with the page</a>"));
    EXPECT_TRUE(contains(r.body,
                         "class=\"govuk-error-summary\" data-module=\"govuk-error-summary\" "
                         "tabindex=\"-1\" autofocus>"));
    EXPECT_TRUE(contains(r.body, "<title>Error: "));
    r = post("/feedback", "page=%2F&kind=no&comment=");
    EXPECT_EQ(r.status, 422);
    EXPECT_TRUE(contains(r.body, "<a href=\"#comment\">Tell us what you were trying to do</a>"));
    r = post("/feedback", "page=%2F&comment=" + std::string(1300, 'a'));
    EXPECT_EQ(r.status, 422);
    EXPECT_TRUE(contains(r.body, "Your comment must be 1200 characters or fewer"));
    EXPECT_EQ(store_->feedback().count(), 0);
}

TEST_F(FeedbackTest, OnlyPathsOnThisSiteAreKept) {
    post("/feedback", "page=https%3A%2F%2Fevil.example&useful=yes");
    post("/feedback", "page=%2F%2Fevil.example&useful=yes");
    for (const auto& f : store_->feedback().list({})) EXPECT_EQ(f.page, "/");
}

// Browsers read a backslash as "/" and drop tabs and newlines (issue 15).
TEST_F(FeedbackTest, BackslashesAndControlCharactersCannotMakeALinkThatLeavesTheSite) {
    for (const std::string page :
         {"/%5Cevil.example", "/%5C%5Cevil.example", "/%09/evil.example", "/%0A/evil.example"}) {
        for (const std::string path : {"/feedback?answered=no&page=", "/feedback/thanks?page="}) {
            const auto res = get(path + page);
            ASSERT_EQ(res.status, 200) << path << page;
            EXPECT_FALSE(contains(res.body, "evil.example")) << path << page;
        }
        post("/feedback", "page=" + page + "&useful=yes");
    }
    for (const auto& f : store_->feedback().list({})) EXPECT_EQ(f.page, "/");
}

TEST_F(FeedbackTest, ScriptTypedIntoACommentIsShownAsText) {
    const auto r = post("/feedback", "page=%2F&comment=" + std::string(1300, 'a') +
                                         "%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    EXPECT_FALSE(contains(r.body, "<script>alert(1)</script>"));
    EXPECT_TRUE(contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST_F(FeedbackTest, InformationPagesExist) {
    const auto a = get("/accessibility");
    EXPECT_EQ(a.status, 200);
    EXPECT_TRUE(contains(a.body, "Accessibility statement for the SEND Local Offer"));
    EXPECT_TRUE(contains(a.body, "Compliance status"));
    EXPECT_TRUE(contains(a.body, "Enforcement procedure"));
    const auto c = get("/cookies");
    EXPECT_EQ(c.status, 200);
    EXPECT_TRUE(contains(c.body, "so you will not see a cookie banner"));
    const auto p = get("/privacy");
    EXPECT_EQ(p.status, 200);
    EXPECT_TRUE(contains(p.body, "We remove email addresses and phone numbers from comments"));
}

}  // namespace
}  // namespace lo::test
