// Safe repairs of web and e-mail addresses: each repair, the exact words that describe it, and
// the values that must not be "repaired" because what was meant is not certain.
#include "domain/repair.hpp"

#include <gtest/gtest.h>

#include "domain/validation.hpp"

namespace lo::domain {
namespace {

using Steps = std::vector<RepairStep>;

Repaired web(std::string_view raw) {
    const auto r = repair_web_address(raw);
    EXPECT_TRUE(r.has_value()) << raw;
    return r.value_or(Repaired{});
}

Repaired mail(std::string_view raw) {
    const auto r = repair_email(raw);
    EXPECT_TRUE(r.has_value()) << raw;
    return r.value_or(Repaired{});
}

TEST(WebAddressRepair, LeavesAGoodAddressAlone) {
    const auto r = web("https://www.bristol.gov.uk/send?x=1");
    EXPECT_EQ(r.value, "https://www.bristol.gov.uk/send?x=1");
    EXPECT_EQ(r.steps, Steps{});
}

TEST(WebAddressRepair, ABlankValueIsEmptyNotAProblem) {
    const auto r = web(" \t\n");
    EXPECT_EQ(r.value, "");
    EXPECT_EQ(r.steps, Steps{});
}

TEST(WebAddressRepair, RemovesSpacesAndNoBreakSpacesAround) {
    const auto r = web("\xC2\xA0 https://www.example.org \n");
    EXPECT_EQ(r.value, "https://www.example.org");
    EXPECT_EQ(r.steps, (Steps{{"has spaces around it", "spaces removed"}}));
}

TEST(WebAddressRepair, SchemesAreCaseInsensitiveAndStoredInLowercase) {
    EXPECT_TRUE(is_valid_web_address("HTTPS://www.example.org"));
    EXPECT_TRUE(is_valid_web_address("Http://www.example.org"));
    const auto r = web("HTTPS://www.Example.org/Path");
    EXPECT_EQ(r.value, "https://www.Example.org/Path");
    EXPECT_EQ(r.steps, (Steps{{"has its scheme in capitals", "scheme made lowercase"}}));
    EXPECT_EQ(web("Http://example.org").value, "http://example.org");
    EXPECT_EQ(lowercase_scheme("HTTP://A.org/B"), "http://A.org/B");
    EXPECT_EQ(lowercase_scheme("mailto:A@B.org"), "mailto:A@B.org");
}

TEST(WebAddressRepair, AddsHttpsToAClearHost) {
    const auto r = web("www.al-anonuk.org.uk");
    EXPECT_EQ(r.value, "https://www.al-anonuk.org.uk");
    EXPECT_EQ(r.steps, (Steps{{"has no https:// or http:// at the start", "scheme added"}}));
    EXPECT_EQ(web("bristoleatingdisordersupportgroup.weebly.com").value,
              "https://bristoleatingdisordersupportgroup.weebly.com");
    EXPECT_EQ(web("www.krunch.org.uk/southwest").value, "https://www.krunch.org.uk/southwest");
    EXPECT_EQ(web("www.patchwayprecioustime.group").value,
              "https://www.patchwayprecioustime.group");
    EXPECT_EQ(web("example.org:8080/x").value, "https://example.org:8080/x");
}

TEST(WebAddressRepair, PutsBackTheSlashesAfterTheScheme) {
    auto r = web("http:www.yateandsodburydc.co.uk");
    EXPECT_EQ(r.value, "http://www.yateandsodburydc.co.uk");
    EXPECT_EQ(r.steps, (Steps{{"is missing the // after http:", "// added after the scheme"}}));
    r = web("https:/holisuntherapies.co.uk");
    EXPECT_EQ(r.value, "https://holisuntherapies.co.uk");
    EXPECT_EQ(r.steps, (Steps{{"is missing the // after https:", "// added after the scheme"}}));
}

TEST(WebAddressRepair, RemovesAFullStopAfterTheHost) {
    const auto r = web("https://www.example.org.");
    EXPECT_EQ(r.value, "https://www.example.org");
    EXPECT_EQ(r.steps, (Steps{{"ends with a dot", "trailing dot removed"}}));
    // After a path the dot may be part of it, so it is not touched.
    EXPECT_EQ(web("https://www.example.org/v1.").value, "https://www.example.org/v1.");
}

TEST(WebAddressRepair, PercentEncodesCharactersAnAddressCannotHold) {
    const auto r = web("https://example.org/a|b{c}");
    EXPECT_EQ(r.value, "https://example.org/a%7Cb%7Bc%7D");
    EXPECT_EQ(r.steps, (Steps{{"has characters a web address cannot hold ({, }, |, \\, ^ or `)",
                               "characters percent-encoded"}}));
}

TEST(WebAddressRepair, ListsEveryStepInOrder) {
    const auto r = web("  WWW.EXAMPLE.ORG.  ");
    EXPECT_EQ(r.value, "https://WWW.EXAMPLE.ORG");
    EXPECT_EQ(r.steps, (Steps{{"has spaces around it", "spaces removed"},
                              {"has no https:// or http:// at the start", "scheme added"},
                              {"ends with a dot", "trailing dot removed"}}));
}

TEST(WebAddressRepair, NeverGuessesAtWhatWasMeant) {
    for (const char* hopeless :
         {"Warmley Community Centre", "Motor Neurone Disease Association", "releasethesilence",
          "St.John", "info@example.org", "ftp://example.org", "javascript:alert(1)",
          "https:///example.org", "www.example.org, www.example.com", "example .org",
          "pediatrics.med.miami.edu\\\\adolescents-medicine\\\\", "http://", "see website"})
        EXPECT_FALSE(repair_web_address(hopeless).has_value()) << hopeless;
}

TEST(ClearHost, NeedsAKnownEndingOrWww) {
    EXPECT_TRUE(is_clear_host("kateartereft.com"));
    EXPECT_TRUE(is_clear_host("www.wickabsonpcgov.uk"));
    EXPECT_TRUE(is_clear_host("www.example.anything"));
    EXPECT_TRUE(is_clear_host("example.de/path?q#f"));
    EXPECT_FALSE(is_clear_host("St.John"));
    EXPECT_FALSE(is_clear_host("example.123"));
    EXPECT_FALSE(is_clear_host("-bad.org"));
    EXPECT_FALSE(is_clear_host("example..org"));
    EXPECT_FALSE(is_clear_host("example.org:80a"));
    EXPECT_FALSE(is_clear_host("localhost"));
}

TEST(EmailRepair, LeavesAGoodAddressAlone) {
    const auto r = mail("office@hheag.org.uk");
    EXPECT_EQ(r.value, "office@hheag.org.uk");
    EXPECT_EQ(r.steps, Steps{});
}

TEST(EmailRepair, RemovesTheDotAfterTheDomain) {
    const auto r = mail("employment.support@mencap.org.uk.");
    EXPECT_EQ(r.value, "employment.support@mencap.org.uk");
    EXPECT_EQ(r.steps, (Steps{{"ends with a dot after the domain", "trailing dot removed"}}));
}

TEST(EmailRepair, RemovesSpacesAround) {
    const auto r = mail(" spot@thecareforum.org.uk\xC2\xA0");
    EXPECT_EQ(r.value, "spot@thecareforum.org.uk");
    EXPECT_EQ(r.steps, (Steps{{"has spaces around it", "spaces removed"}}));
}

TEST(EmailRepair, RemovesMailto) {
    const auto r = mail("MailTo: info@example.org.");
    EXPECT_EQ(r.value, "info@example.org");
    EXPECT_EQ(r.steps, (Steps{{"starts with mailto:", "mailto: removed"},
                              {"ends with a dot after the domain", "trailing dot removed"}}));
}

TEST(EmailRepair, NeverGuessesAtWhatWasMeant) {
    for (const char* hopeless :
         {"info at example.org", "a@b.org; c@d.org", "a@b.org..", "mailto:a@b.org?subject=Hi",
          "www.example.org", "@example.org", "name@", "Call 0117 123 4567"})
        EXPECT_FALSE(repair_email(hopeless).has_value()) << hopeless;
    EXPECT_EQ(mail("  ").value, "");
}

TEST(TrimSpaces, TrimsAsciiSpaceAndNoBreakSpaceOnly) {
    EXPECT_EQ(trim_spaces("\xC2\xA0\t a b \r\n\xC2\xA0"), "a b");
    EXPECT_EQ(trim_spaces("caf\xC3\xA9"), "caf\xC3\xA9");
    EXPECT_EQ(trim_spaces(""), "");
}

TEST(Completion, StoresWebAddressesWithALowercaseScheme) {
    Service s;
    s.url = "HTTPS://www.example.org/A";
    s.referral_url = "Http://refer.example.org";
    complete(s);
    EXPECT_EQ(s.url, "https://www.example.org/A");
    EXPECT_EQ(s.referral_url, "http://refer.example.org");
    Organisation o;
    o.url = "HTTP://Example.org";
    complete(o);
    EXPECT_EQ(o.url, "http://Example.org");
}

}  // namespace
}  // namespace lo::domain
