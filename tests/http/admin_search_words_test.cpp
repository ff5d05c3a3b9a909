// Admin "Search words" (src/web/admin/search_words.cpp): editors list, filter, add, change and
// remove the words families type; every problem is shown against its field; providers and
// forged posts are refused.
#include <gtest/gtest.h>

#include "admin_fixture.hpp"

namespace lo::test {
namespace {

class AdminSearchWords : public AdminTest {
protected:
    AdminSearchWords() {
        add_user("editor@example.org", auth::Role::Editor);
        add_user("provider@example.org", auth::Role::Provider, {add_organisation("Oxford")});
        salt_ = add_word(domain::WordList::Send, "SALT", {"speech and language therapy"});
        add_word(domain::WordList::Send, "ADD", {"attention deficit disorder"});
        squint_ = add_word(domain::WordList::Everyday, "squint", {"orthoptics", "eye clinic"});
        add_word(domain::WordList::Everyday, "won't sleep", {"sleep", "sleep support"});
    }

    std::int64_t add_word(domain::WordList list,
                          const std::string& term,
                          std::vector<std::string> expansions) {
        domain::SearchWord w;
        w.list = list;
        w.term = term;
        w.expansions = std::move(expansions);
        return store_->search_words().add(w);
    }
    std::string word(std::int64_t id) const { return "/admin/search-words/" + std::to_string(id); }

    std::int64_t salt_ = 0, squint_ = 0;
};

TEST_F(AdminSearchWords, EditorsSeeBothListsAndFilterByListAndWord) {
    auto editor = sign_in("editor@example.org");
    auto res = get("/admin/search-words", editor);
    ASSERT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body,
                         "<a class=\"govuk-service-navigation__link\" href=\"/admin/search-words\" "
                         "aria-current=\"page\"><strong "
                         "class=\"govuk-service-navigation__active-fallback\">Search "
                         "words</strong></a>"))
        << "in the admin navigation, marked as the current section";
    EXPECT_TRUE(contains(res.body, "4 words"));
    EXPECT_TRUE(contains(res.body,
                         "<a class=\"govuk-link\" href=\"" + word(squint_) + "/edit\">squint</a>"));
    EXPECT_TRUE(contains(res.body, "<td class=\"govuk-table__cell\">orthoptics, eye clinic</td>"));
    EXPECT_TRUE(contains(res.body,
                         "ADD</a> <strong class=\"govuk-tag govuk-tag--grey\">Capitals "
                         "only</strong>"));
    EXPECT_LT(res.body.find(">SALT<"), res.body.find(">squint<")) << "SEND words first";

    res = get("/admin/search-words?list=everyday", editor);
    EXPECT_TRUE(contains(res.body, "2 words"));
    EXPECT_FALSE(contains(res.body, ">SALT<"));
    EXPECT_TRUE(contains(res.body, "<option value=\"everyday\" selected>Everyday words</option>"));
    res = get("/admin/search-words?q=SLEEP", editor);
    EXPECT_TRUE(contains(res.body, "1 word"));
    EXPECT_TRUE(contains(res.body, "won&apos;t sleep</a>"));
    res = get("/admin/search-words?q=zebra", editor);
    EXPECT_TRUE(contains(res.body, "No search words match. Try another word, or both lists."));
}

TEST_F(AdminSearchWords, ALongListIsPagedKeepingTheFilters) {
    for (int i = 0; i < 60; ++i)
        add_word(domain::WordList::Everyday, "word " + std::to_string(100 + i), {"dental"});
    auto editor = sign_in("editor@example.org");
    const auto res = get("/admin/search-words?list=everyday&q=word", editor);
    EXPECT_TRUE(contains(res.body, "60 words"));
    EXPECT_TRUE(
        contains(res.body, "href=\"/admin/search-words?list=everyday&amp;q=word&amp;page=2\""))
        << res.body;
    const auto second = get("/admin/search-words?list=everyday&q=word&page=2", editor);
    EXPECT_TRUE(contains(second.body, "Search words (page 2 of 2)"));
    EXPECT_TRUE(contains(second.body, ">word 159</a>"));
}

TEST_F(AdminSearchWords, AnEditorAddsAWordAndTheChangeIsRecorded) {
    auto editor = sign_in("editor@example.org");
    auto res = submit("/admin/search-words/new?list=everyday", "/admin/search-words",
                      {{"list", "everyday"},
                       {"term", "  lazy   eye "},
                       {"expansions", "orthoptics\r\neye clinic | eye health\n\n"},
                       {"category", "health"}},
                      editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(res.header("Location"), "/admin/search-words?saved=lazy%20eye");
    const auto added = store_->search_words().find_term(domain::WordList::Everyday, "lazy eye");
    ASSERT_TRUE(added);
    EXPECT_EQ(added->expansions,
              (std::vector<std::string>{"orthoptics", "eye clinic", "eye health"}));
    EXPECT_EQ(added->category, "health");
    EXPECT_EQ(added->updated_by, "editor@example.org");
    const auto entry = store_->audit().recent(1).at(0);
    EXPECT_EQ(entry.action, "search_word_added");
    EXPECT_EQ(entry.detail, "Everyday words: lazy eye -> orthoptics | eye clinic | eye health");

    const auto list = get("/admin/search-words?saved=lazy%20eye", editor).body;
    EXPECT_TRUE(contains(list, "\"lazy eye\" has been saved. The next search uses it."));
    EXPECT_TRUE(contains(list, "href=\"/search?q=lazy%20eye\""));
    EXPECT_TRUE(contains(list, "<td class=\"govuk-table__cell\">editor@example.org</td>"));
    EXPECT_TRUE(contains(list, "<td class=\"govuk-table__cell\">Added</td>"));
}

TEST_F(AdminSearchWords, AnEditorChangesAWordAndMayMoveItToTheOtherList) {
    auto editor = sign_in("editor@example.org");
    const auto form = get(word(squint_) + "/edit", editor);
    ASSERT_EQ(form.status, 200);
    EXPECT_TRUE(contains(form.body, "orthoptics\neye clinic</textarea>"));
    EXPECT_TRUE(contains(form.body, "by the product&apos;s word list"));
    auto res = submit(word(squint_) + "/edit", word(squint_),
                      {{"list", "send"}, {"term", "squint"}, {"expansions", "orthoptics"}}, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto changed = store_->search_words().find(squint_);
    EXPECT_EQ(changed->list, domain::WordList::Send);
    EXPECT_EQ(changed->expansions, std::vector<std::string>{"orthoptics"});
    EXPECT_EQ(store_->audit().recent(1).at(0).action, "search_word_changed");
    EXPECT_TRUE(contains(get(word(squint_) + "/edit", editor).body, "by editor@example.org"));
}

TEST_F(AdminSearchWords, AnEditorRemovesAWordAfterConfirming) {
    auto editor = sign_in("editor@example.org");
    EXPECT_TRUE(contains(get(word(squint_) + "/edit", editor).body,
                         "href=\"" + word(squint_) + "/remove\">Remove</a>"));
    const auto confirm = get(word(squint_) + "/remove", editor);
    ASSERT_EQ(confirm.status, 200);
    EXPECT_TRUE(contains(confirm.body, "Remove \"squint\"?"));
    EXPECT_TRUE(store_->search_words().find(squint_)) << "asking changes nothing";
    const auto res = submit(word(squint_) + "/remove", word(squint_) + "/remove", {}, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(res.header("Location"), "/admin/search-words?removed=squint");
    EXPECT_FALSE(store_->search_words().find(squint_));
    EXPECT_EQ(store_->audit().recent(1).at(0).action, "search_word_removed");
    EXPECT_TRUE(contains(get("/admin/search-words?removed=squint", editor).body,
                         "\"squint\" has been removed. The next search no longer uses it."));
    EXPECT_EQ(get(word(squint_) + "/edit", editor).status, 404);
}

TEST_F(AdminSearchWords, EachProblemIsShownAgainstItsField) {
    auto editor = sign_in("editor@example.org");
    const auto attempt = [&](Form form) {
        return submit("/admin/search-words/new", "/admin/search-words", std::move(form), editor);
    };
    auto res = attempt({{"list", "everyday"}, {"term", ""}, {"expansions", " \n "}});
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "There is a problem"));
    EXPECT_TRUE(contains(res.body, "<title>Error: "));
    EXPECT_TRUE(contains(
        res.body, "<a href=\"#term\">Enter the word or phrase families type, like squint</a>"));
    EXPECT_TRUE(contains(res.body,
                         "<a href=\"#expansions\">Enter at least one word or phrase that services "
                         "use, one on each line</a>"));
    EXPECT_TRUE(contains(res.body, "id=\"term-error\""));
    EXPECT_TRUE(contains(res.body, "id=\"expansions-error\""));

    res = attempt({{"list", "everyday"}, {"term", "teeth"}, {"expansions", "dental\nsupport"}});
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body,
                         "<a href=\"#expansions\">&quot;support&quot; is in nearly every service, "
                         "so searching for it finds almost everything. Use words particular to "
                         "this need, like dental or short breaks</a>"));
    EXPECT_TRUE(contains(res.body, "dental\nsupport</textarea>")) << "kept as typed";
    EXPECT_TRUE(contains(res.body, "value=\"teeth\""));

    res = attempt({{"list", "everyday"}, {"term", "Squint"}, {"expansions", "eye health"}});
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body,
                         "<a href=\"#term\">&quot;Squint&quot; is already in Everyday words. "
                         "Change that entry instead of adding it again.</a>"));

    res = attempt({{"list", "both"}, {"term", "teeth"}, {"expansions", "dental"}});
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "<a href=\"#list\">Choose the list the word belongs to</a>"));
    EXPECT_TRUE(contains(res.body, "id=\"list\" name=\"list\" type=\"radio\" value=\"send\""))
        << "the error link reaches the first choice";

    res = attempt({{"list", "send"}, {"term", std::string(101, 'a')}, {"expansions", "dental"}});
    EXPECT_TRUE(contains(
        res.body, "<a href=\"#term\">Enter a word or phrase of 100 characters or fewer</a>"));
    res = attempt({{"list", "send"}, {"term", "?!"}, {"expansions", "dental"}});
    EXPECT_TRUE(contains(
        res.body, "<a href=\"#term\">Enter a word or phrase with letters or numbers in it</a>"));
    res = attempt({{"list", "send"},
                   {"term", "teeth"},
                   {"expansions", "dental"},
                   {"category", std::string(61, 'c')}});
    EXPECT_TRUE(
        contains(res.body, "<a href=\"#category\">Enter a category of 60 characters or fewer</a>"));
    EXPECT_FALSE(store_->search_words().find_term(domain::WordList::Send, "teeth"));
    EXPECT_EQ(store_->search_words().count({}), 4) << "nothing was written";
}

TEST_F(AdminSearchWords, TheFormExplainsTheCapitalsRule) {
    auto editor = sign_in("editor@example.org");
    const auto form = get("/admin/search-words/new", editor).body;
    EXPECT_TRUE(contains(form, "only works when someone types it in capitals"));
    EXPECT_TRUE(contains(form,
                         "<input class=\"govuk-radios__input\" id=\"list-everyday\" "
                         "name=\"list\" type=\"radio\" value=\"everyday\" checked>"))
        << "a new word is an everyday word unless the list says otherwise";
    const auto salt = get(word(salt_) + "/edit", editor).body;
    EXPECT_FALSE(contains(salt, "\"SALT\" only works when typed in capitals"))
        << "SALT is not an everyday word";
    const auto add = store_->search_words().find_term(domain::WordList::Send, "ADD");
    EXPECT_TRUE(contains(get(word(add->id) + "/edit", editor).body,
                         "\"ADD\" only works when typed in capitals."));
}

TEST_F(AdminSearchWords, AnUnknownWordIsNotFound) {
    auto editor = sign_in("editor@example.org");
    EXPECT_EQ(get("/admin/search-words/99999/edit", editor).status, 404);
    EXPECT_EQ(get("/admin/search-words/squint/edit", editor).status, 404);
    EXPECT_EQ(get("/admin/search-words/99999/remove", editor).status, 404);
}

TEST_F(AdminSearchWords, ProvidersAreRefusedAndSignedOutPeopleAreSentToSignIn) {
    auto provider = sign_in("provider@example.org");
    const auto csrf = csrf_token_in(get("/admin", provider).body);
    for (const auto& path :
         {std::string("/admin/search-words"), std::string("/admin/search-words/new"),
          word(squint_) + "/edit", word(squint_) + "/remove"}) {
        EXPECT_EQ(get(path, provider).status, 403) << path;
        const auto out = get(path);
        EXPECT_EQ(out.status, 303) << path;
        EXPECT_TRUE(std::string(out.header("Location")).starts_with("/admin/sign-in?next="))
            << path;
    }
    const Form sneaky{
        {"list", "everyday"}, {"term", "sneaky"}, {"expansions", "dental"}, {"csrf_token", csrf}};
    EXPECT_EQ(post("/admin/search-words", sneaky, provider).status, 403);
    EXPECT_EQ(post(word(squint_), sneaky, provider).status, 403);
    EXPECT_EQ(post(word(squint_) + "/remove", {{"csrf_token", csrf}}, provider).status, 403);
    EXPECT_FALSE(store_->search_words().find_term(domain::WordList::Everyday, "sneaky"));
    EXPECT_EQ(store_->search_words().find(squint_)->term, "squint");
    EXPECT_FALSE(contains(get("/admin", provider).body, "href=\"/admin/search-words\""))
        << "not offered to providers";
}

TEST_F(AdminSearchWords, AFormPostedWithoutThisSessionsTokenIsRefused) {
    auto editor = sign_in("editor@example.org");
    const Form form{{"list", "everyday"}, {"term", "forged"}, {"expansions", "dental"}};
    EXPECT_EQ(post("/admin/search-words", form, editor).status, 403);
    auto with_wrong = form;
    with_wrong.push_back({"csrf_token", std::string(64, 'a')});
    EXPECT_EQ(post("/admin/search-words", with_wrong, editor).status, 403);
    EXPECT_EQ(post(word(squint_) + "/remove", {}, editor).status, 403);
    EXPECT_FALSE(store_->search_words().find_term(domain::WordList::Everyday, "forged"));
    EXPECT_TRUE(store_->search_words().find(squint_));
}

}  // namespace
}  // namespace lo::test
