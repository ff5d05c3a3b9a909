// Authorisation by ownership (issue 15): every id the service form carries is checked against
// what the account may see and change. A provider posting another organisation's place, term or
// contact id gets a plain refusal, and nothing of the other organisation is shown or linked.
#include <algorithm>

#include "admin_fixture.hpp"
#include "app/seed.hpp"
#include "domain/ids.hpp"

namespace lo::test {
namespace {

class AdminOwnership : public AdminTest {
protected:
    AdminOwnership() {
        app::load_taxonomies(*store_, std::string(LO_SOURCE_DIR) + "/db/seeds/taxonomies.json");
        oxford_ = add_organisation("Oxford Children's Health");
        banbury_ = add_organisation("Banbury Play");
        therapy_ = add_service("Speech and language therapy", oxford_);
        // A childminder's home: the public never sees the street address.
        home_.id = domain::new_uuid();
        home_.name = "Jo's childminding";
        home_.address_1 = "12 Secret Lane";
        home_.city = "Banbury";
        home_.postcode = "OX16 9AA";
        home_.hide_address = true;
        store_->locations().save(home_);
        play_ = add_service("Saturday play scheme", banbury_);
        play_.location_ids = {home_.id};
        play_.contacts = {{.id = domain::new_uuid(), .name = "Jo Banbury"}};
        store_->services().save(play_);
        play_ = *store_->services().find(play_.id);
        add_user("provider@example.org", auth::Role::Provider, {oxford_});
        provider_ = sign_in("provider@example.org");
    }
    Form therapy_form(Form extra) const {
        Form form{{"name", "Speech and language therapy"},
                  {"organisation_id", oxford_},
                  {"status", "active"},
                  {"free", "yes"},
                  {"form_parts", "all"}};
        form.insert(form.end(), extra.begin(), extra.end());
        return form;
    }
    std::string edit_page() const { return "/admin/services/" + therapy_.id + "/edit"; }
    // Every change request's proposed places, to prove nothing was linked even for approval.
    bool any_request_links(const std::string& location_id) {
        for (const auto& r : store_->change_requests().list({}))
            if (std::count(r.proposed.location_ids.begin(), r.proposed.location_ids.end(),
                           location_id))
                return true;
        return false;
    }

    std::string oxford_, banbury_;
    domain::Service therapy_, play_;
    domain::Location home_;
    Browser provider_;
};

TEST_F(AdminOwnership, AProviderPostingAnotherOrganisationsPlaceIdIsRefusedAndShownNothing) {
    const auto res = submit(edit_page(), "/admin/services/" + therapy_.id,
                            therapy_form({{"location_ids", home_.id}}), provider_);
    ASSERT_EQ(res.status, 422) << res.body;
    EXPECT_TRUE(contains(res.body, "<a href=\"#location_ids\">You cannot use that place."));
    EXPECT_FALSE(contains(res.body, "12 Secret Lane"));
    EXPECT_FALSE(contains(res.body, "Jo&apos;s childminding"));
    EXPECT_FALSE(contains(res.body, home_.id));
    EXPECT_TRUE(store_->services().find(therapy_.id)->location_ids.empty());
    EXPECT_FALSE(any_request_links(home_.id));
}

TEST_F(AdminOwnership, AddingARowDoesNotShowAnotherOrganisationsPlace) {
    const auto csrf = csrf_token_in(get(edit_page(), provider_).body);
    auto form = therapy_form({{"location_ids", home_.id}, {"add", "contact"}});
    form.push_back({"csrf_token", csrf});
    const auto res = post("/admin/services/" + therapy_.id + "/rows", form, provider_);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_FALSE(contains(res.body, "12 Secret Lane"));
    EXPECT_FALSE(contains(res.body, home_.id));
}

TEST_F(AdminOwnership, AProviderMayStillUseTheirOwnOrganisationsPlaces) {
    domain::Location clinic;
    clinic.id = domain::new_uuid();
    clinic.name = "East Oxford Health Centre";
    clinic.postcode = "OX4 1XD";
    store_->locations().save(clinic);
    auto other = add_service("Stammering group", oxford_);
    other.location_ids = {clinic.id};
    store_->services().save(other);
    const auto res = submit(edit_page(), "/admin/services/" + therapy_.id,
                            therapy_form({{"location_ids", clinic.id}}), provider_);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_TRUE(any_request_links(clinic.id));
}

TEST_F(AdminOwnership, AProviderPostingATermTheFormDoesNotOfferIsRefused) {
    // A term of a taxonomy the form does not offer providers (made by an editor).
    domain::Taxonomy internal{.id = domain::new_uuid(), .code = "internal", .name = "Internal"};
    store_->taxonomies().save_taxonomy(internal);
    domain::TaxonomyTerm flag{
        .id = domain::new_uuid(), .taxonomy_id = internal.id, .code = "flagged", .name = "Flagged"};
    store_->taxonomies().save_term(flag);
    const auto salt =
        store_->taxonomies().find_term_by_code("categories", "speech-and-language-therapy");
    ASSERT_TRUE(salt);
    const auto res =
        submit(edit_page(), "/admin/services/" + therapy_.id,
               therapy_form({{"term_ids", flag.id}, {"term_ids", salt->id}}), provider_);
    ASSERT_EQ(res.status, 422) << res.body;
    EXPECT_TRUE(contains(res.body, "<a href=\"#term_ids\">You cannot use that category or need."));
}

TEST_F(AdminOwnership, AnotherOrganisationsContactIdIsNotTakenOver) {
    const auto res = submit(edit_page(), "/admin/services/" + therapy_.id,
                            therapy_form({{"contacts-0-id", play_.contacts[0].id},
                                          {"contacts-0-name", "Duty therapist"}}),
                            provider_);
    ASSERT_EQ(res.status, 303) << res.body;
    for (const auto& r : store_->change_requests().list({}))
        for (const auto& c : r.proposed.contacts) EXPECT_NE(c.id, play_.contacts[0].id);
    EXPECT_EQ(store_->services().find(play_.id)->contacts[0].name, "Jo Banbury");
}

TEST_F(AdminOwnership, AProviderOpeningAnotherOrganisationsServiceIsTold403) {
    const auto res = get("/admin/services/" + play_.id + "/edit", provider_);
    EXPECT_EQ(res.status, 403);
    EXPECT_TRUE(contains(res.body, "You cannot edit this service"));
    EXPECT_FALSE(contains(res.body, "Saturday play scheme"));
    EXPECT_EQ(get("/admin/services/" + domain::new_uuid() + "/edit", provider_).status, 404)
        << "a service that does not exist is still a 404";
}

TEST_F(AdminOwnership, AProviderCannotMoveTheirServiceToAnotherOrganisation) {
    const auto res = submit(edit_page(), "/admin/services/" + therapy_.id,
                            {{"name", "Speech and language therapy"},
                             {"organisation_id", banbury_},
                             {"status", "active"},
                             {"free", "yes"}},
                            provider_);
    ASSERT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "Choose one of your organisations."));
    EXPECT_EQ(store_->services().find(therapy_.id)->organisation_id, oxford_);
}

}  // namespace
}  // namespace lo::test
