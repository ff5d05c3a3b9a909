// Markdown for advice pages: classes, heading ids, contents, and no way to smuggle in HTML.
#include "web/markdown.hpp"

#include <gtest/gtest.h>

namespace lo::web {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST(Markdown, HeadingsGetIdsAndAContentsList) {
    const auto r = render_markdown(
        "Intro text.\n\n## What is an EHC plan?\n\nText.\n\n## Who can ask & how\n\n"
        "### Small heading\n\n## What is an EHC plan?\n");
    EXPECT_TRUE(contains(r.html,
                         "<h2 class=\"govuk-heading-m\" id=\"what-is-an-ehc-plan\">"
                         "What is an EHC plan?</h2>"))
        << r.html;
    EXPECT_TRUE(contains(r.html,
                         "<h2 class=\"govuk-heading-m\" id=\"who-can-ask-how\">"
                         "Who can ask &amp; how</h2>"))
        << r.html;
    EXPECT_TRUE(contains(r.html, "<h3 class=\"govuk-heading-s\">Small heading</h3>"));
    ASSERT_EQ(r.headings.size(), 3u);
    EXPECT_EQ(r.headings[0].id, "what-is-an-ehc-plan");
    EXPECT_EQ(r.headings[1].text, "Who can ask & how") << "contents text is plain, not escaped";
    EXPECT_EQ(r.headings[2].id, "what-is-an-ehc-plan-2") << "ids are unique";
}

TEST(Markdown, TopLevelHeadingBecomesH2BecauseThePageHasItsOwnH1) {
    const auto r = render_markdown("# Big\n\ntext\n");
    EXPECT_FALSE(contains(r.html, "<h1"));
    EXPECT_TRUE(contains(r.html, "<h2 class=\"govuk-heading-m\" id=\"big\">Big</h2>")) << r.html;
}

TEST(Markdown, HeadingIdsAvoidTheLayoutsIds) {
    const auto r = render_markdown("## Main content\n");
    ASSERT_EQ(r.headings.size(), 1u);
    EXPECT_EQ(r.headings[0].id, "main-content-2");
}

TEST(Markdown, RawHtmlIsEscapedNotPassedThrough) {
    const auto r = render_markdown(
        "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and <b>bold</b>\n");
    EXPECT_FALSE(contains(r.html, "<script")) << r.html;
    EXPECT_FALSE(contains(r.html, "<img")) << r.html;
    EXPECT_FALSE(contains(r.html, "<b>")) << r.html;
    EXPECT_TRUE(contains(r.html, "&lt;script&gt;alert(1)&lt;/script&gt;")) << r.html;
}

TEST(Markdown, DesignSystemClassesOnParagraphsListsAndLinks) {
    const auto r = render_markdown(
        "Para with [IPSEA](https://www.ipsea.org.uk/ \"IPSEA\").\n\n- one\n- two\n\n1. first\n2. "
        "second\n");
    EXPECT_TRUE(contains(r.html, "<p class=\"govuk-body\">Para with "));
    EXPECT_TRUE(
        contains(r.html,
                 "<a class=\"govuk-link\" href=\"https://www.ipsea.org.uk/\" title=\"IPSEA\">"
                 "IPSEA</a>"))
        << r.html;
    EXPECT_TRUE(contains(r.html, "<ul class=\"govuk-list govuk-list--bullet\">"));
    EXPECT_TRUE(contains(r.html, "<ol class=\"govuk-list govuk-list--number\">"));
    EXPECT_FALSE(contains(r.html, "target=")) << "links to other sites stay plain links";
}

TEST(Markdown, Tables) {
    const auto r = render_markdown("| Age | Support |\n|---|---|\n| 0-5 | Portage |\n");
    EXPECT_TRUE(contains(r.html, "<table class=\"govuk-table\">")) << r.html;
    EXPECT_TRUE(contains(r.html, "<th class=\"govuk-table__header\">Age</th>")) << r.html;
    EXPECT_TRUE(contains(r.html, "<td class=\"govuk-table__cell\">Portage</td>")) << r.html;
}

TEST(Markdown, UnsafeLinkSchemesLoseTheirAddress) {
    struct Case {
        const char* markdown;
        bool keeps_href;
    };
    const Case cases[] = {
        {"[a](javascript:alert(1))", false},
        {"[a](JavaScript:alert(1))", false},
        {"[a](data:text/html;base64,PHNjcmlwdD4=)", false},
        {"[a](vbscript:msgbox)", false},
        {"[a](https://example.org)", true},
        {"[a](http://example.org)", true},
        {"[a](mailto:sendiass@example.org)", true},
        {"[a](tel:01865123456)", true},
        {"[a](/advice/ehc-plans)", true},
        {"[a](#contents)", true},
        {"[a](other-page)", true},
    };
    for (const auto& c : cases) {
        const auto r = render_markdown(c.markdown);
        EXPECT_EQ(contains(r.html, "href="), c.keeps_href) << c.markdown << " -> " << r.html;
        EXPECT_FALSE(contains(r.html, "javascript:")) << r.html;
    }
}

TEST(Markdown, EmptyAndOddInputDoNotThrow) {
    EXPECT_EQ(render_markdown("").html, "");
    EXPECT_NO_THROW(render_markdown(std::string("a\0b", 3)));
    EXPECT_NO_THROW(render_markdown("## \n\n##\n"));
}

TEST(EscapeHtml, EscapesTheFiveCharacters) {
    EXPECT_EQ(escape_html("<a href=\"x\">'&'</a>"),
              "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

}  // namespace
}  // namespace lo::web
