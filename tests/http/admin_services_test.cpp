// Admin services: the list and its filters, the forms, validation errors, and providers kept to
// their own organisations' services.
#include <cctype>
#include <map>
#include <regex>
#include "admin_fixture.hpp"

#include "domain/rule_counts.hpp"

namespace lo::test {
namespace {

class AdminServices : public AdminTest {
protected:
    AdminServices() {
        oxford_ = add_organisation("Oxford Children's Health");
        banbury_ = add_organisation("Banbury Play");
        therapy_ = add_service("Speech and language therapy", oxford_);
        play_ = add_service("Saturday play scheme", banbury_);
    }
    std::string oxford_, banbury_;
    domain::Service therapy_, play_;
};

TEST_F(AdminServices, EditorListsAndFiltersEveryService) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    auto res = get("/admin/services", editor);
    ASSERT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "Speech and language therapy"));
    EXPECT_TRUE(contains(res.body, "Saturday play scheme"));
    EXPECT_TRUE(contains(res.body, "2 services"));

    res = get("/admin/services?organisation=" + banbury_, editor);
    EXPECT_FALSE(contains(res.body, "Speech and language therapy"));
    EXPECT_TRUE(contains(res.body, "Saturday play scheme"));

    res = get("/admin/services?q=SPEECH", editor);
    EXPECT_TRUE(contains(res.body, "Speech and language therapy"));
    EXPECT_FALSE(contains(res.body, "Saturday play scheme"));

    auto closed = play_;
    closed.status = domain::ServiceStatus::TemporarilyClosed;
    store_->services().save(closed);
    res = get("/admin/services?status=temporarily%20closed", editor);
    EXPECT_FALSE(contains(res.body, "Speech and language therapy"));
    EXPECT_TRUE(contains(res.body, "Saturday play scheme"));
}

TEST_F(AdminServices, EditorCreatesAService) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto res = submit("/admin/services/new", "/admin/services",
                            {{"name", "Sensory story time"},
                             {"organisation_id", oxford_},
                             {"status", "active"},
                             {"min_age", "2"},
                             {"max_age", "7"},
                             {"referral_routes", "self"},
                             {"delivery_modes", "in_person"}},
                            editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_TRUE(contains(get(std::string(res.header("Location")), editor).body,
                         "The service has been saved."));
    const auto list = get("/admin/services?q=sensory", editor);
    EXPECT_TRUE(contains(list.body, "Sensory story time"));
    const auto log = store_->audit().recent(1);
    EXPECT_EQ(log.at(0).action, "service_created");
    EXPECT_EQ(log.at(0).actor_email, "editor@example.org");
}

TEST_F(AdminServices, InvalidFieldsAre422WithTheErrorSummary) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto res =
        submit("/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
               {{"name", ""},
                {"organisation_id", oxford_},
                {"status", "active"},
                {"min_age", "10"},
                {"max_age", "5"},
                {"url", "not a website"},
                {"email", "nobody"}},
               editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(
        contains(res.body, "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"));
    EXPECT_TRUE(contains(res.body, "<a href=\"#name\">Enter the service name</a>"));
    EXPECT_TRUE(contains(res.body, "href=\"#max_age\""));
    EXPECT_TRUE(contains(res.body, "href=\"#url\""));
    EXPECT_TRUE(contains(res.body, "href=\"#email\""));
    EXPECT_TRUE(contains(res.body, "id=\"name-error\""));
    EXPECT_TRUE(contains(res.body, "value=\"not a website\"")) << "keeps what was typed";
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Speech and language therapy")
        << "nothing saved";

    const auto words =
        submit("/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
               {{"name", "Therapy"},
                {"organisation_id", oxford_},
                {"status", "active"},
                {"min_age", "five"}},
               editor);
    EXPECT_EQ(words.status, 422);
    EXPECT_TRUE(
        contains(words.body,
                 "<a href=\"#min_age\">Minimum age must be a whole number of years, like 5</a>"));
}

TEST_F(AdminServices, EditorUpdatesAServiceAndThePublicPageChanges) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto edit = get("/admin/services/" + therapy_.id + "/edit", editor);
    ASSERT_EQ(edit.status, 200);
    EXPECT_TRUE(contains(edit.body, "value=\"Speech and language therapy\""));
    const auto res =
        submit("/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
               {{"name", "Speech, language and communication"},
                {"organisation_id", oxford_},
                {"status", "active"},
                {"summary", "Help for children who find talking hard."}},
               editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Speech, language and communication");
    EXPECT_TRUE(
        contains(get("/services/" + therapy_.id).body, "Speech, language and communication"));
}

TEST_F(AdminServices, EditorSetsUrgentHelpAndTheServicePageWarnsFirst) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto fields =
        [&](const std::string& urgent) -> std::vector<std::pair<std::string, std::string>> {
        return {{"name", "Speech and language therapy"},
                {"organisation_id", oxford_},
                {"status", "active"},
                {"urgent_help", urgent}};
    };
    const auto url = "/admin/services/" + therapy_.id;
    const auto too_long = submit(url + "/edit", url, fields(std::string(601, 'x')), editor);
    EXPECT_EQ(too_long.status, 422);
    EXPECT_TRUE(contains(too_long.body, "href=\"#urgent_help\""));
    EXPECT_TRUE(contains(too_long.body, "id=\"urgent_help-error\""));
    EXPECT_TRUE(store_->services().find(therapy_.id)->urgent_help.empty()) << "nothing saved";

    const auto res = submit(url + "/edit", url,
                            fields("  If your child stops breathing, phone 999.\r\n"), editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(store_->services().find(therapy_.id)->urgent_help,
              "If your child stops breathing, phone 999.");
    EXPECT_TRUE(contains(get(url + "/edit", editor).body,
                         ">If your child stops breathing, phone 999.</textarea>"));
    EXPECT_TRUE(contains(get("/services/" + therapy_.id).body, "Warning: if you need help now"));
}

// Issue 18: "How families get the service" and "How families get this service" were two
// fields. Every label and legend of the form is its own, even with little words ignored.
TEST_F(AdminServices, EveryLabelOnTheServiceFormIsItsOwn) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto form = get("/admin/services/" + therapy_.id + "/edit", editor).body;
    const std::regex label(
        R"(<(?:label class="govuk-label govuk-label--s"[^>]*|legend class="govuk-fieldset__legend govuk-fieldset__legend--s")>([^<]+)<)");
    const std::regex little(R"(\b(the|this|a|an)\b)");
    std::map<std::string, std::string> seen;
    int n = 0;
    for (auto it = std::sregex_iterator(form.begin(), form.end(), label);
         it != std::sregex_iterator(); ++it, ++n) {
        std::string text = (*it)[1];
        std::string key;
        for (char c : std::regex_replace(text, little, ""))
            if (std::isalnum(static_cast<unsigned char>(c)))
                key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto [at, fresh] = seen.emplace(key, text);
        EXPECT_TRUE(fresh) << "\"" << text << "\" and \"" << at->second << "\" say the same";
    }
    EXPECT_GE(n, 10) << "the form's labels were found";
}

// Issue 18: "Last checked" is GOV.UK's date input (day, month, year), not a 2026-03-31 box.
TEST_F(AdminServices, LastCheckedIsTypedAsDayMonthAndYear) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto url = "/admin/services/" + therapy_.id;
    const auto fields = [&](const char* d, const char* m,
                            const char* y) -> std::vector<std::pair<std::string, std::string>> {
        return {{"name", "Speech and language therapy"},
                {"organisation_id", oxford_},
                {"status", "active"},
                {"last_checked-day", d},
                {"last_checked-month", m},
                {"last_checked-year", y}};
    };
    const auto bad = submit(url + "/edit", url, fields("31", "2", "2026"), editor);
    EXPECT_EQ(bad.status, 422);
    EXPECT_TRUE(contains(bad.body,
                         "<a href=\"#last_checked\">Last checked must be a real date "
                         "with a day, month and year, for example 31 3 2026</a>"));
    EXPECT_TRUE(contains(
        bad.body, "name=\"last_checked-day\" type=\"text\" inputmode=\"numeric\" value=\"31\""))
        << "what was typed stays in the boxes";
    EXPECT_EQ(submit(url + "/edit", url, fields("", "3", "2026"), editor).status, 422);

    ASSERT_EQ(submit(url + "/edit", url, fields(" 5", "3", "2026"), editor).status, 303);
    EXPECT_EQ(store_->services().find(therapy_.id)->last_checked, "2026-03-05");
    const auto form = get(url + "/edit", editor).body;
    EXPECT_TRUE(contains(
        form, "name=\"last_checked-day\" type=\"text\" inputmode=\"numeric\" value=\"5\""));
    EXPECT_TRUE(contains(
        form, "name=\"last_checked-month\" type=\"text\" inputmode=\"numeric\" value=\"3\""));
    EXPECT_TRUE(contains(
        form, "name=\"last_checked-year\" type=\"text\" inputmode=\"numeric\" value=\"2026\""));
}

TEST_F(AdminServices, SavingAServiceChecksTheDomainRulesOnce) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto page = get("/admin/services/" + therapy_.id + "/edit", editor);
    ASSERT_EQ(page.status, 200);
    const auto before = domain::service_validations();
    const auto res = post("/admin/services/" + therapy_.id,
                          {{"name", "Speech and language therapy for under-fives"},
                           {"organisation_id", oxford_},
                           {"status", "active"},
                           {"summary", "Help for children who find talking hard."},
                           {"csrf_token", csrf_token_in(page.body)}},
                          editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(store_->services().find(therapy_.id)->name,
              "Speech and language therapy for under-fives");
    EXPECT_EQ(domain::service_validations() - before, 1)
        << "the form, the handler and the store should not each check the same service";
}

TEST_F(AdminServices, ProvidersSeeOnlyTheirOrganisationsServices) {
    add_user("provider@example.org", auth::Role::Provider, {oxford_});
    auto provider = sign_in("provider@example.org");
    auto res = get("/admin/services", provider);
    EXPECT_TRUE(contains(res.body, "Speech and language therapy"));
    EXPECT_FALSE(contains(res.body, "Saturday play scheme"));
    res = get("/admin/services?organisation=" + banbury_, provider);
    EXPECT_FALSE(contains(res.body, "Saturday play scheme"))
        << "filtering by another organisation shows nothing of it";
    EXPECT_FALSE(contains(res.body, "Banbury Play")) << "not even in the filter";
    EXPECT_EQ(get("/admin/services/" + therapy_.id + "/edit", provider).status, 200);
}

TEST_F(AdminServices, ProvidersCannotSeeOrEditAnotherOrganisationsServiceByGuessingItsId) {
    add_user("provider@example.org", auth::Role::Provider, {oxford_});
    auto provider = sign_in("provider@example.org");
    const auto csrf = csrf_token_in(get("/admin", provider).body);
    const auto other = get("/admin/services/" + play_.id + "/edit", provider);
    const auto missing = get("/admin/services/3f2504e0-4f89-41d3-9a0c-0305e82c3301/edit", provider);
    EXPECT_EQ(other.status, 403) << "issue 15: \"You cannot edit this service\", not a 404";
    EXPECT_EQ(missing.status, 404);
    EXPECT_FALSE(contains(other.body, "Saturday play scheme"));
    const auto update = post("/admin/services/" + play_.id,
                             {{"name", "Hijacked"},
                              {"organisation_id", oxford_},
                              {"status", "active"},
                              {"csrf_token", csrf}},
                             provider);
    EXPECT_EQ(update.status, 403);
    EXPECT_EQ(store_->services().find(play_.id)->name, "Saturday play scheme");
    EXPECT_EQ(store_->services().find(play_.id)->organisation_id, banbury_);
}

TEST_F(AdminServices, ProviderEditsDoNotReachThePublicSiteDirectly) {
    add_user("provider@example.org", auth::Role::Provider, {oxford_});
    auto provider = sign_in("provider@example.org");
    const auto res = submit(
        "/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
        {{"name", "Renamed by provider"}, {"organisation_id", oxford_}, {"status", "active"}},
        provider);
    EXPECT_EQ(res.status, 303) << "kept as a change request for approval";
    EXPECT_TRUE(res.header("Location").starts_with("/admin/changes/"));
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Speech and language therapy");
    EXPECT_FALSE(contains(get("/services/" + therapy_.id).body, "Renamed by provider"));
}

TEST_F(AdminServices, EditorManagesOrganisations) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    auto res = submit("/admin/organisations/new", "/admin/organisations", {{"name", ""}}, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "There is a problem"));
    EXPECT_TRUE(contains(res.body, "href=\"#name\""));
    res = submit("/admin/organisations/new", "/admin/organisations",
                 {{"name", "Bicester Sensory Club"}}, editor);
    EXPECT_EQ(res.status, 303);
    EXPECT_TRUE(contains(get("/admin/organisations", editor).body, "Bicester Sensory Club"));
    res = submit("/admin/organisations/" + oxford_ + "/edit", "/admin/organisations/" + oxford_,
                 {{"name", "Oxford Health"}}, editor);
    EXPECT_EQ(res.status, 303);
    EXPECT_EQ(store_->organisations().find(oxford_)->name, "Oxford Health");
}

TEST_F(AdminServices, DashboardCountsWhatThePersonCanEdit) {
    add_user("provider@example.org", auth::Role::Provider, {oxford_});
    const auto res = get("/admin", sign_in("provider@example.org"));
    EXPECT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "services</a> (1 service)"));
    EXPECT_TRUE(contains(res.body, "Signed in as <strong>provider@example.org</strong>"));
}

}  // namespace
}  // namespace lo::test
