// Views: loading and checking templates, JSON -> Mustache data, escaping, partials, the manifest.
#include "views/views.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace lo::test {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

class ViewsTest : public testing::Test {
protected:
    ViewsTest() {
        write(dir_.path() / "templates/layouts/base.mustache",
              "<title>{{title}}</title>{{#stylesheet}}<link href=\"{{stylesheet}}\">{{/stylesheet}}"
              "<main>{{{content}}}</main>");
        write(dir_.path() / "templates/partials/item.mustache", "<li>{{name}}</li>");
        write(dir_.path() / "templates/public/page.mustache",
              "<h1>{{heading}}</h1><p>{{{trusted}}}</p>{{#summary}}<p>{{summary}}</p>{{/summary}}"
              "{{^summary}}<p>No summary</p>{{/summary}}<ul>{{#items}}{{> partials/item}}{{/items}}"
              "</ul><p>{{count}} {{price}} {{#flag}}yes{{/flag}}{{^missing}}none{{/missing}}</p>");
    }
    std::string templates() const { return (dir_.path() / "templates").string(); }
    std::string statics() const { return (dir_.path() / "static").string(); }

    TempDir dir_;
};

TEST_F(ViewsTest, RendersPageInsideLayoutAndEscapesValues) {
    const views::Views views(templates(), statics());
    const auto html =
        views.render("public/page", {{"title", "A & B"},
                                     {"heading", "<script>alert(1)</script>"},
                                     {"trusted", "<em>ours</em>"},
                                     {"summary", ""},
                                     {"items", {{{"name", "One"}}, {{"name", "<b>"}}}},
                                     {"count", 3},
                                     {"price", 2.5},
                                     {"flag", true}});
    EXPECT_NE(html.find("<title>A &amp; B</title>"), std::string::npos) << html;
    EXPECT_NE(html.find("<main><h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"), std::string::npos);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("<p><em>ours</em></p>"), std::string::npos);
    EXPECT_NE(html.find("<p>No summary</p>"), std::string::npos) << "an empty string is false";
    EXPECT_NE(html.find("<ul><li>One</li><li>&lt;b&gt;</li></ul>"), std::string::npos);
    EXPECT_NE(html.find("<p>3 2.5 yesnone</p>"), std::string::npos) << html;
    EXPECT_EQ(html.find("<link"), std::string::npos) << "no manifest, no stylesheet";
}

TEST_F(ViewsTest, LinksHashedStylesheetFromManifest) {
    write(dir_.path() / "static/dist/manifest.json", R"({"app.css": "app.3f2a9c1b.css"})");
    const views::Views views(templates(), statics());
    EXPECT_EQ(views.stylesheet(), "/static/dist/app.3f2a9c1b.css");
    EXPECT_NE(views.render("public/page", {}).find("<link href=\"/static/dist/app.3f2a9c1b.css\">"),
              std::string::npos);
}

TEST_F(ViewsTest, FindsStaticNextToTemplatesByDefault) {
    write(dir_.path() / "static/dist/manifest.json", R"({"app.css": "app.00aa11bb.css"})");
    const views::Views views(templates());
    EXPECT_EQ(views.stylesheet(), "/static/dist/app.00aa11bb.css");
}

TEST_F(ViewsTest, RefusesManifestWithUnsafeFileName) {
    write(dir_.path() / "static/dist/manifest.json", R"({"app.css": "\"><script>x</script>"})");
    EXPECT_THROW(views::Views(templates(), statics()), std::runtime_error);
}

TEST_F(ViewsTest, MissingFolderIsNamedInTheError) {
    try {
        views::Views views((dir_.path() / "nowhere").string());
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("nowhere"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
    }
}

TEST_F(ViewsTest, MissingLayoutIsNamedInTheError) {
    fs::remove(dir_.path() / "templates/layouts/base.mustache");
    try {
        views::Views views(templates());
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("layouts/base.mustache"), std::string::npos)
            << e.what();
    }
}

TEST_F(ViewsTest, BrokenTemplateIsNamedInTheError) {
    write(dir_.path() / "templates/public/broken.mustache", "{{#open}} never closed");
    try {
        views::Views views(templates());
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("broken.mustache"), std::string::npos) << e.what();
    }
}

TEST_F(ViewsTest, UnknownPageThrows) {
    const views::Views views(templates());
    EXPECT_FALSE(views.has_template("public/nope"));
    EXPECT_TRUE(views.has_template("public/page"));
    EXPECT_THROW(views.render("public/nope", {}), std::runtime_error);
}

TEST_F(ViewsTest, ModelKeyCannotStandInForPartial) {
    const views::Views views(templates());
    const auto html = views.render_fragment(
        "public/page", {{"items", {{{"name", "x"}}}}, {"partials/item", "<i>injected</i>"}});
    EXPECT_NE(html.find("<li>x</li>"), std::string::npos);
    EXPECT_EQ(html.find("injected"), std::string::npos);
}

TEST(RealTemplates, AllLoad) {
    const views::Views views(templates_dir());
    for (const char* page :
         {"layouts/base", "public/home", "public/terms/index", "public/terms/show",
          "public/services/show", "public/organisations/show", "public/advice/index",
          "public/advice/show", "errors/error", "partials/pagination", "partials/breadcrumbs",
          "partials/service_list"})
        EXPECT_TRUE(views.has_template(page)) << page;
}

// A "}}" inside a {{! comment }} ends the comment there, and the rest of it is printed on the
// page (the coverage page and "You said, we did" once showed their own model notes).
TEST(TemplateComments, NoCommentEndsEarly) {
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(LO_SOURCE_DIR) / "templates")) {
        if (entry.path().extension() != ".mustache") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const auto s = text.str();
        for (auto open = s.find("{{!"); open != std::string::npos; open = s.find("{{!", open + 3)) {
            const auto close = s.find("}}", open);
            ASSERT_NE(close, std::string::npos) << entry.path();
            // The comment's own closing "}}" is followed by the end of the line (or file).
            const auto after = s.find_first_not_of(" ", close + 2);
            EXPECT_TRUE(after == std::string::npos || s[after] == '\n')
                << entry.path() << ": a \"}}\" inside the comment ends it early; write \"} }\"";
        }
    }
}

}  // namespace
}  // namespace lo::test
