// Council branding from configuration: the header colour and the logo.
#include "web/public/pages.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "fixtures.hpp"

namespace lo::test {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

class BrandingTest : public PublicSiteTest {};

TEST_F(BrandingTest, TheDefaultColourNeedsNoExtraStylesheetOrLogo) {
    const auto home = get("/");
    EXPECT_TRUE(contains(home.body, "<meta name=\"theme-color\" content=\"#00594f\">"));
    EXPECT_FALSE(contains(home.body, "/branding.css"));
    EXPECT_FALSE(contains(home.body, "lo-header__logo"));
    EXPECT_EQ(get("/branding/logo").status, 404);
}

TEST_F(BrandingTest, AnotherColourIsAppliedByTheGeneratedStylesheet) {
    site_.brand_colour = "#1d3f8f";
    const auto home = get("/");
    EXPECT_TRUE(contains(home.body, "<link rel=\"stylesheet\" href=\"/branding.css\">"));
    EXPECT_TRUE(contains(home.body, "<meta name=\"theme-color\" content=\"#1d3f8f\">"));
    const auto css = get("/branding.css");
    EXPECT_EQ(css.status, 200);
    EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
    EXPECT_TRUE(
        contains(css.body, ".lo-header{background-color:#1d3f8f;border-bottom-color:#173272}"));
    EXPECT_EQ(get("/branding.css", {{"If-None-Match", std::string(css.header("ETag"))}}).status,
              304);
}

TEST_F(BrandingTest, TheLogoIsShownBesideTheCouncilsName) {
    const auto logo = dir_.path() / "logo.svg";
    std::ofstream(logo) << "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    site_.logo_file = logo.string();
    EXPECT_TRUE(contains(get("/").body,
                         "<img class=\"lo-header__logo\" src=\"/branding/logo\" alt=\"\" "
                         "height=\"40\">Demo Council</a>"));
    const auto r = get("/branding/logo");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("Content-Type"), "image/svg+xml");
}

}  // namespace
}  // namespace lo::test
