// The admin forms: every part of a service (places, contacts, opening times, costs, categories
// and needs) with the no-JavaScript "Add another" flow and stable child ids; taxonomy terms;
// advice pages; and who may reach them.
#include "admin_fixture.hpp"

#include <algorithm>

#include "app/seed.hpp"
#include "domain/ids.hpp"

namespace lo::test {
namespace {

class AdminForms : public AdminTest {
protected:
    AdminForms() {
        app::load_taxonomies(*store_, std::string(LO_SOURCE_DIR) + "/db/seeds/taxonomies.json");
        oxford_ = add_organisation("Oxford Children's Health");
        therapy_ = add_service("Speech and language therapy", oxford_);
        add_user("editor@example.org", auth::Role::Editor);
        add_user("provider@example.org", auth::Role::Provider, {oxford_});
    }

    // The core fields of the therapy service as the form posts them, plus the repeating groups.
    Form service_form(Form extra) const {
        Form form;
        for (const auto& base : Form{{"name", "Speech and language therapy"},
                                     {"organisation_id", oxford_},
                                     {"status", "active"},
                                     {"free", "yes"},
                                     {"form_parts", "all"}})
            if (std::none_of(extra.begin(), extra.end(),
                             [&](const auto& field) { return field.first == base.first; }))
                form.push_back(base);
        form.insert(form.end(), extra.begin(), extra.end());
        return form;
    }
    http::Response save_therapy(Form extra, Browser& who) {
        return submit(edit_page(), "/admin/services/" + therapy_.id, service_form(std::move(extra)),
                      who);
    }
    std::string edit_page() const { return "/admin/services/" + therapy_.id + "/edit"; }

    std::string oxford_;
    domain::Service therapy_;
};

TEST_F(AdminForms, EditorAddsAContactOpeningTimesACostAndAPlaceAndThePublicPageShowsThem) {
    auto editor = sign_in("editor@example.org");
    const auto res = save_therapy({{"contacts-0-name", "Duty therapist"},
                                   {"contacts-0-role", "Speech and language therapist"},
                                   {"contacts-0-phone", "01865 123456"},
                                   {"contacts-0-email", "salt@example.org.uk"},
                                   {"schedules-0-days", "MO"},
                                   {"schedules-0-days", "WE"},
                                   {"schedules-0-opens", "9:00"},
                                   {"schedules-0-closes", "17:30"},
                                   {"schedules-0-notes", "Term time only"},
                                   {"costs-0-option", "Per session"},
                                   {"costs-0-amount", "£12.50"},
                                   {"costs-0-description", "Free with a referral"},
                                   {"new_locations-0-name", "Bicester Children's Centre"},
                                   {"new_locations-0-address_1", "Launton Road"},
                                   {"new_locations-0-town", "Bicester"},
                                   {"new_locations-0-postcode", "ox26 6bl"}},
                                  editor);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto saved = store_->services().find(therapy_.id);
    ASSERT_EQ(saved->contacts.size(), 1u);
    EXPECT_EQ(saved->contacts[0].name, "Duty therapist");
    EXPECT_EQ(saved->contacts[0].title, "Speech and language therapist");
    EXPECT_EQ(saved->contacts[0].phones.at(0).number, "01865 123456");
    EXPECT_EQ(saved->contacts[0].emails.at(0), "salt@example.org.uk");
    ASSERT_EQ(saved->schedules.size(), 1u);
    EXPECT_EQ(saved->schedules[0].opens_at, "09:00") << "9:00 is read as 09:00";
    EXPECT_EQ(saved->schedules[0].days,
              (std::vector{domain::Weekday::Monday, domain::Weekday::Wednesday}));
    ASSERT_EQ(saved->costs.size(), 1u);
    EXPECT_EQ(saved->costs[0].amount, 12.5);
    ASSERT_EQ(saved->location_ids.size(), 1u);
    const auto place = store_->locations().find(saved->location_ids[0]);
    ASSERT_TRUE(place);
    EXPECT_EQ(place->postcode, "OX26 6BL");
    EXPECT_EQ(place->city, "Bicester");

    const auto page = get("/services/" + therapy_.id);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Duty therapist"));
    EXPECT_TRUE(contains(page.body, "01865 123456"));
    EXPECT_TRUE(contains(page.body, "salt@example.org.uk"));
    EXPECT_TRUE(contains(page.body, "Term time only"));
    EXPECT_TRUE(contains(page.body, "£12.50"));
    EXPECT_TRUE(contains(page.body, "Bicester Children&apos;s Centre"));

    // The form shows them again, each with a Remove box, and one blank row for more.
    const auto form = get(edit_page(), editor);
    EXPECT_TRUE(contains(form.body, "value=\"Duty therapist\""));
    EXPECT_TRUE(contains(form.body, "id=\"contacts-0-remove\""));
    EXPECT_TRUE(contains(form.body, "id=\"contacts-1-name\""));
    EXPECT_FALSE(contains(form.body, "id=\"contacts-1-remove\""))
        << "a blank row has nothing to remove";
    EXPECT_FALSE(contains(form.body, "id=\"contacts-2-name\""));
    EXPECT_TRUE(contains(form.body, "value=\"12.50\""));
    EXPECT_TRUE(contains(form.body,
                         "id=\"schedules-0-days-WE\" name=\"schedules-0-days\" type=\"checkbox\" "
                         "value=\"WE\" checked"));
    EXPECT_TRUE(contains(form.body, "id=\"location-" + place->id +
                                        "\" name=\"location_ids\" type=\"checkbox\" value=\"" +
                                        place->id + "\" checked"));
}

// How families get it, languages, areas and closed days: the parts the form left unchanged
// before. Lists are one per line (blank lines and repeats dropped), areas are ticked, and ids
// the service already had stay the same.
TEST_F(AdminForms, EditorSetsStepsLanguagesAreasAndClosedDaysAndThePublicPageShowsThem) {
    auto s = therapy_;
    s.how_to_access = {"Fill in the referral form.", "We will call you within 2 weeks."};
    s.languages = {{"", "English"}};
    s.service_areas = {{"", "Oxfordshire"}};
    s.closures = {{"", "2026-08-31", "Bank holiday"}};
    store_->services().save(s);
    const auto before = *store_->services().find(therapy_.id);
    auto editor = sign_in("editor@example.org");

    auto form = get(edit_page(), editor);
    EXPECT_TRUE(contains(form.body, "Fill in the referral form.\nWe will call you within 2 weeks."))
        << "the steps, one per line";
    EXPECT_TRUE(contains(form.body,
                         "name=\"service_areas\" type=\"checkbox\" value=\"Oxfordshire\" "
                         "checked"));
    EXPECT_TRUE(contains(form.body, "name=\"closures-0-date\" type=\"text\" value=\"2026-08-31\""));
    EXPECT_TRUE(contains(form.body, "id=\"closures-0-remove\""));
    EXPECT_TRUE(contains(form.body, "id=\"closures-1-date\"")) << "one blank row for more";

    const auto res =
        save_therapy({{"how_to_access",
                       "  Ask your GP to refer your child \r\n\r\nWe phone you "
                       "within 2 weeks\n   \n"},
                      {"languages", "English\nPolish\n\nEnglish\n British Sign Language "},
                      {"service_areas", "Oxfordshire"},
                      {"service_areas", "Waltham Forest"},
                      {"closures-0-id", before.closures[0].id},
                      {"closures-0-date", "2026-08-31"},
                      {"closures-0-description", "Bank holiday"},
                      {"closures-1-date", "2026-12-25"},
                      {"closures-1-description", "Christmas Day"}},
                     editor);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto saved = *store_->services().find(therapy_.id);
    EXPECT_EQ(saved.how_to_access, (std::vector<std::string>{"Ask your GP to refer your child",
                                                             "We phone you within 2 weeks"}));
    ASSERT_EQ(saved.languages.size(), 3u);
    EXPECT_EQ(saved.languages[0], before.languages[0]) << "English keeps its id";
    EXPECT_EQ(saved.languages[1].name, "Polish");
    EXPECT_EQ(saved.languages[2].name, "British Sign Language");
    ASSERT_EQ(saved.service_areas.size(), 2u);
    EXPECT_EQ(saved.service_areas[0], before.service_areas[0]) << "Oxfordshire keeps its id";
    EXPECT_EQ(saved.service_areas[1].name, "Waltham Forest");
    ASSERT_EQ(saved.closures.size(), 2u);
    EXPECT_EQ(saved.closures[0], before.closures[0]);
    EXPECT_EQ(saved.closures[1].date, "2026-12-25");
    EXPECT_EQ(saved.closures[1].description, "Christmas Day");

    const auto page = get("/services/" + therapy_.id);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Ask your GP to refer your child"));
    EXPECT_TRUE(contains(page.body, "Polish"));
    EXPECT_TRUE(contains(page.body, "Christmas Day"));

    // Untick every area, empty the lists and remove both closed days: all of them go.
    const auto cleared = save_therapy({{"how_to_access", ""},
                                       {"languages", "\n"},
                                       {"closures-0-id", saved.closures[0].id},
                                       {"closures-0-date", "2026-08-31"},
                                       {"closures-0-remove", "yes"},
                                       {"closures-1-id", saved.closures[1].id},
                                       {"closures-1-date", "2026-12-25"},
                                       {"closures-1-remove", "yes"}},
                                      editor);
    ASSERT_EQ(cleared.status, 303) << cleared.body;
    const auto after = *store_->services().find(therapy_.id);
    EXPECT_TRUE(after.how_to_access.empty());
    EXPECT_TRUE(after.languages.empty());
    EXPECT_TRUE(after.service_areas.empty());
    EXPECT_TRUE(after.closures.empty());
}

TEST_F(AdminForms, AddAnotherShowsOneMoreBlankRowWithWhatWasTypedAndSavesNothing) {
    auto editor = sign_in("editor@example.org");
    const auto csrf = csrf_token_in(get(edit_page(), editor).body);
    auto form = service_form({{"name", "Renamed but not saved"},
                              {"contacts-0-name", "Reception"},
                              {"contacts-0-email", "not an email"},
                              {"add", "contact"},
                              {"csrf_token", csrf}});
    auto res = post("/admin/services/" + therapy_.id + "/rows", form, editor);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_TRUE(contains(res.body, "value=\"Reception\""));
    EXPECT_TRUE(contains(res.body, "value=\"Renamed but not saved\""));
    EXPECT_TRUE(contains(res.body, "id=\"contacts-1-name\""));
    EXPECT_FALSE(contains(res.body, "id=\"contacts-2-name\""));
    EXPECT_FALSE(contains(res.body, "There is a problem")) << "no errors until the person saves";
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Speech and language therapy");
    EXPECT_TRUE(store_->services().find(therapy_.id)->contacts.empty());
    // The form shown again still has the buttons that save it.
    EXPECT_TRUE(contains(res.body, "name=\"intent\" value=\"publish\""));
    EXPECT_TRUE(contains(res.body, "name=\"intent\" value=\"draft\""));

    // Pressing it again with the blank row still blank gives two blank rows.
    form.push_back({"contacts-1-name", ""});
    res = post("/admin/services/" + therapy_.id + "/rows", form, editor);
    EXPECT_TRUE(contains(res.body, "id=\"contacts-2-name\""));
    EXPECT_FALSE(contains(res.body, "id=\"contacts-3-name\""));

    // Each group has its own button, posting to the rows address.
    const auto page = get(edit_page(), editor);
    for (const auto* button : {"name=\"add\" value=\"contact\" formaction=\"/admin/services/",
                               "name=\"add\" value=\"schedule\"", "name=\"add\" value=\"cost\"",
                               "name=\"add\" value=\"location\""})
        EXPECT_TRUE(contains(page.body, button)) << button;
    EXPECT_TRUE(contains(page.body, "formaction=\"/admin/services/" + therapy_.id +
                                        "/rows#contacts\">Add another contact</button>"));

    // The add-service form has the same buttons, for a service that does not exist yet.
    const auto fresh = post("/admin/services/new/rows",
                            {{"name", "Sensory club"},
                             {"form_parts", "all"},
                             {"costs-0-option", ""},
                             {"add", "cost"},
                             {"csrf_token", csrf}},
                            editor);
    ASSERT_EQ(fresh.status, 200) << fresh.body;
    EXPECT_TRUE(contains(fresh.body, "value=\"Sensory club\""));
    EXPECT_TRUE(contains(fresh.body, "id=\"costs-1-option\""));
    EXPECT_TRUE(contains(fresh.body, "formaction=\"/admin/services/new/rows#costs\""));
}

TEST_F(AdminForms, ChildRowErrorsAreListedInTheSummaryAndLinkToTheirFields) {
    auto editor = sign_in("editor@example.org");
    const auto res = save_therapy({{"free", "no"},
                                   {"contacts-0-name", "Reception"},
                                   {"contacts-0-email", "nobody"},
                                   {"contacts-1-phone", "call us"},
                                   {"schedules-0-opens", "25:00"},
                                   {"schedules-0-closes", "08:00"},
                                   {"costs-0-amount", "twelve pounds"},
                                   {"costs-0-option", "Per session"},
                                   {"new_locations-0-name", "Hall"},
                                   {"new_locations-0-postcode", "XYZ"},
                                   {"new_locations-0-latitude", "north"},
                                   {"closures-0-date", "25/12/2026"}},
                                  editor);
    ASSERT_EQ(res.status, 422);
    EXPECT_TRUE(
        contains(res.body, "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"));
    const std::pair<const char*, const char*> expected[] = {
        {"contacts-0-email",
         "Enter an email address in the correct format, like name@example.org.uk"},
        {"contacts-1-phone", "Enter a phone number, like 01865 123456 or +44 1865 123456"},
        {"schedules-0-days", "Choose at least one day"},
        {"schedules-0-opens", "Enter the opening time in 24-hour format, like 09:00"},
        {"costs-0-amount", "Enter the amount in pounds, like 12.50, or leave it blank"},
        {"new_locations-0-postcode", "Enter a real UK postcode, like OX3 9DU"},
        {"new_locations-0-latitude", "Latitude must be a number, like 51.75, or leave it blank"},
        {"closures-0-date",
         "The closure date must be a real date in the format YYYY-MM-DD, like 2026-12-25"},
    };
    for (const auto& [field, message] : expected) {
        EXPECT_TRUE(
            contains(res.body, "<a href=\"#" + std::string(field) + "\">" + message + "</a>"))
            << field;
        EXPECT_TRUE(contains(res.body, "id=\"" + std::string(field) + "-error\"")) << field;
        EXPECT_TRUE(contains(res.body, "id=\"" + std::string(field) + "\""))
            << "the link has a target: " << field;
    }
    EXPECT_TRUE(contains(res.body, "value=\"twelve pounds\"")) << "keeps what was typed";
    EXPECT_TRUE(contains(res.body, "value=\"call us\""));
    EXPECT_TRUE(store_->services().find(therapy_.id)->contacts.empty()) << "nothing saved";
    EXPECT_EQ(store_->locations().count(), 0) << "no place saved either";

    // Not free and no cost at all.
    const auto no_cost = save_therapy({{"free", "no"}}, editor);
    EXPECT_EQ(no_cost.status, 422);
    EXPECT_TRUE(contains(
        no_cost.body,
        "<a href=\"#costs-0-option\">Add at least one cost, or mark the service as free</a>"));
}

TEST_F(AdminForms, OddFieldNamesAndValuesAreRefusedPolitelyNeverWithA500) {
    auto editor = sign_in("editor@example.org");
    const auto res = save_therapy({{"contacts-99999-name", "Too far"},
                                   {"contacts-abc-name", "Not a number"},
                                   {"contacts--name", "No number"},
                                   {"contacts-7", "No field"},
                                   {"contacts-60-name", "Past the last row"},
                                   {"schedules-0-days", "XX"},
                                   {"costs-0-amount", "1e999"},
                                   {"costs-1-amount", "-5"},
                                   {"new_locations-0-name", "Hall"},
                                   {"new_locations-0-latitude", "91"},
                                   {"new_locations-0-longitude", "0"},
                                   {"location_ids", "not-an-id"}},
                                  editor);
    ASSERT_EQ(res.status, 422) << res.body;
    EXPECT_FALSE(contains(res.body, "href=\"#schedules-0-days\""))
        << "an unknown day is ignored, which leaves that row blank";
    EXPECT_TRUE(contains(res.body,
                         "<a href=\"#costs-0-amount\">Enter the amount in pounds, like 12.50, or "
                         "leave it blank</a>"));
    EXPECT_TRUE(contains(res.body, "<a href=\"#costs-1-amount\">The amount must be 0 or more</a>"));
    EXPECT_TRUE(contains(res.body,
                         "<a href=\"#new_locations-0-latitude\">Latitude must be between 49 and 61 "
                         "for a place in the UK</a>"));
    EXPECT_FALSE(contains(res.body, "Too far"));
    EXPECT_FALSE(contains(res.body, "Past the last row"));
    EXPECT_TRUE(store_->services().find(therapy_.id)->contacts.empty());
}

TEST_F(AdminForms, ChildIdsStayTheSameAcrossSavesAndRemoveDropsARow) {
    auto s = therapy_;
    s.contacts = {{"",
                   "Reception",
                   "",
                   {{"", "01865 111111", "Main line"}, {"", "01865 222222", "Out of hours"}},
                   {}},
                  {"", "Duty therapist", "", {}, {"duty@example.org.uk"}}};
    s.schedules = {{"", {domain::Weekday::Monday}, "09:00", "17:00", ""}};
    s.costs = {{"", "Per session", 10.0, ""}};
    store_->services().save(s);
    const auto before = *store_->services().find(therapy_.id);
    auto editor = sign_in("editor@example.org");
    const auto page = get(edit_page(), editor);
    EXPECT_TRUE(
        contains(page.body, "name=\"contacts-0-id\" value=\"" + before.contacts[0].id + "\""));

    // Saved unchanged (as the form posts it): every id stays.
    auto res = save_therapy({{"contacts-0-id", before.contacts[0].id},
                             {"contacts-0-name", "Reception"},
                             {"contacts-0-phone", "01865 111111"},
                             {"contacts-1-id", before.contacts[1].id},
                             {"contacts-1-name", "Duty therapist"},
                             {"contacts-1-email", "duty@example.org.uk"},
                             {"contacts-2-name", ""},
                             {"schedules-0-id", before.schedules[0].id},
                             {"schedules-0-days", "MO"},
                             {"schedules-0-opens", "09:00"},
                             {"schedules-0-closes", "17:00"},
                             {"costs-0-id", before.costs[0].id},
                             {"costs-0-option", "Per session"},
                             {"costs-0-amount", "10"}},
                            editor);
    ASSERT_EQ(res.status, 303) << res.body;
    auto after = *store_->services().find(therapy_.id);
    EXPECT_EQ(after.contacts, before.contacts) << "the second phone the form does not show is kept";
    EXPECT_EQ(after.schedules, before.schedules);
    EXPECT_EQ(after.costs, before.costs);

    // Remove the first contact, add one, and send a made-up id: the second keeps its id, the
    // new one gets a new id, and the made-up id is not used.
    const std::string made_up = domain::new_uuid();
    res = save_therapy({{"contacts-0-id", before.contacts[0].id},
                        {"contacts-0-name", "Reception"},
                        {"contacts-0-remove", "yes"},
                        {"contacts-1-id", before.contacts[1].id},
                        {"contacts-1-name", "Duty therapist"},
                        {"contacts-1-email", "duty@example.org.uk"},
                        {"contacts-2-id", made_up},
                        {"contacts-2-name", "Parent adviser"},
                        {"contacts-2-phone", "01865 333333"}},
                       editor);
    ASSERT_EQ(res.status, 303) << res.body;
    after = *store_->services().find(therapy_.id);
    ASSERT_EQ(after.contacts.size(), 2u);
    EXPECT_EQ(after.contacts[0].id, before.contacts[1].id);
    EXPECT_EQ(after.contacts[0].name, "Duty therapist");
    EXPECT_EQ(after.contacts[1].name, "Parent adviser");
    EXPECT_NE(after.contacts[1].id, made_up);
    EXPECT_NE(after.contacts[1].id, before.contacts[0].id);
    EXPECT_TRUE(after.schedules.empty()) << "opening times left out of the form are removed";
    EXPECT_TRUE(after.costs.empty());
}

TEST_F(AdminForms, PostsWithoutTheRepeatingGroupsKeepTheChildRecords) {
    auto s = therapy_;
    s.contacts = {{"", "Reception", "", {{"", "01865 111111", ""}}, {}}};
    store_->services().save(s);
    auto editor = sign_in("editor@example.org");
    const auto res = submit(
        edit_page(), "/admin/services/" + therapy_.id,
        {{"name", "Speech therapy"}, {"organisation_id", oxford_}, {"status", "active"}}, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(store_->services().find(therapy_.id)->contacts.size(), 1u);
}

TEST_F(AdminForms, PlacesTheOrganisationUsesCanBeChosen) {
    domain::Location hall;
    hall.id = domain::new_uuid();
    hall.name = "Cowley Community Hall";
    hall.postcode = "OX4 3HZ";
    store_->locations().save(hall);
    auto other = add_service("Stammering group", oxford_);
    other.location_ids = {hall.id};
    store_->services().save(other);

    auto editor = sign_in("editor@example.org");
    const auto page = get(edit_page(), editor);
    EXPECT_TRUE(contains(page.body, "Cowley Community Hall, OX4 3HZ"));
    EXPECT_TRUE(contains(page.body, "value=\"" + hall.id + "\">")) << "offered, not ticked";
    const auto res = save_therapy({{"location_ids", hall.id}}, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(store_->services().find(therapy_.id)->location_ids,
              std::vector<std::string>{hall.id});
    EXPECT_TRUE(contains(get("/services/" + therapy_.id).body, "Cowley Community Hall"));
}

TEST_F(AdminForms, CategoriesAndNeedsAreGroupedUnderTheirParents) {
    auto editor = sign_in("editor@example.org");
    const auto page = get(edit_page(), editor);
    EXPECT_TRUE(contains(
        page.body,
        "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Health</legend>"));
    EXPECT_TRUE(contains(page.body, "Health in general"));
    EXPECT_TRUE(contains(page.body,
                         "<legend class=\"govuk-fieldset__legend "
                         "govuk-fieldset__legend--s\">Communication and interaction</legend>"));
    const auto salt =
        store_->taxonomies().find_term_by_code("categories", "speech-and-language-therapy");
    const auto autism = store_->taxonomies().find_term_by_code("send-needs", "autism");
    ASSERT_TRUE(salt && autism);
    const auto res = save_therapy({{"term_ids", salt->id},
                                   {"term_ids", autism->id},
                                   {"referral_routes", "gp"},
                                   {"delivery_modes", "online"},
                                   {"eligibility", "Children aged 2 to 11 in Oxfordshire"}},
                                  editor);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto saved = store_->services().find(therapy_.id);
    EXPECT_EQ(saved->term_ids.size(), 2u);
    EXPECT_EQ(saved->referral_routes, std::vector{domain::ReferralRoute::Gp});
    EXPECT_EQ(saved->delivery_modes, std::vector{domain::DeliveryMode::Online});
    EXPECT_EQ(saved->eligibility, "Children aged 2 to 11 in Oxfordshire");
    EXPECT_TRUE(contains(get("/categories/speech-and-language-therapy").body,
                         "Speech and language therapy"));
}

TEST_F(AdminForms, ProvidersCannotAddRowsToAnotherOrganisationsServiceButMayToANewOne) {
    const auto banbury = add_organisation("Banbury Play");
    const auto play = add_service("Saturday play scheme", banbury);
    auto provider = sign_in("provider@example.org");
    const auto csrf = csrf_token_in(get("/admin", provider).body);
    EXPECT_EQ(post("/admin/services/" + play.id + "/rows",
                   {{"add", "contact"}, {"csrf_token", csrf}}, provider)
                  .status,
              403);
    EXPECT_EQ(post("/admin/services/new/rows", {{"add", "contact"}, {"csrf_token", csrf}}, provider)
                  .status,
              200);
    EXPECT_EQ(post("/admin/services/" + therapy_.id + "/rows",
                   {{"add", "contact"}, {"form_parts", "all"}, {"csrf_token", csrf}}, provider)
                  .status,
              200);
    EXPECT_EQ(
        post("/admin/services/" + therapy_.id + "/rows", {{"add", "contact"}}, provider).status,
        403)
        << "no CSRF token";
}

// --- Taxonomies and terms --------------------------------------------------------------------

class AdminTaxonomies : public AdminForms {
protected:
    AdminTaxonomies() {
        categories_ = *store_->taxonomies().find_taxonomy_by_code("categories");
        health_ = *store_->taxonomies().find_term_by_code("categories", "health");
        salt_ =
            *store_->taxonomies().find_term_by_code("categories", "speech-and-language-therapy");
    }
    std::string base() const { return "/admin/taxonomies/" + categories_.id; }
    domain::Taxonomy categories_;
    domain::TaxonomyTerm health_, salt_;
};

TEST_F(AdminTaxonomies, EditorSeesTheTermsAsATreeAndAddsATerm) {
    auto editor = sign_in("editor@example.org");
    auto res = get("/admin/taxonomies", editor);
    ASSERT_EQ(res.status, 200);
    EXPECT_TRUE(
        contains(res.body, "<a class=\"govuk-link\" href=\"" + base() + "\">Categories</a>"));
    EXPECT_TRUE(
        contains(res.body,
                 "<a class=\"govuk-service-navigation__link\" href=\"/admin/taxonomies\" "
                 "aria-current=\"page\"><strong "
                 "class=\"govuk-service-navigation__active-fallback\">Taxonomies</strong></a>"))
        << "in the admin navigation, marked as the current section";
    EXPECT_TRUE(contains(
        res.body,
        "<a class=\"govuk-service-navigation__link\" href=\"/admin/advice\">Advice pages</a>"));
    res = get(base(), editor);
    ASSERT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "Health<span class=\"govuk-visually-hidden\"> (edit)</span>"));
    EXPECT_TRUE(contains(res.body, "speech-and-language-therapy, used by no published services"));

    res = submit(base() + "/terms/new", base() + "/terms",
                 {{"name", "Music therapy"},
                  {"code", ""},
                  {"description", "Therapy through music."},
                  {"parent_id", health_.id}},
                 editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(res.header("Location"), base() + "?saved=1");
    const auto added = store_->taxonomies().find_term_by_code("categories", "music-therapy");
    ASSERT_TRUE(added) << "the code is made from the name";
    EXPECT_EQ(added->parent_id, health_.id);
    EXPECT_EQ(added->id, domain::derived_uuid(categories_.id, "term/music-therapy"));
    EXPECT_TRUE(contains(get(base() + "?saved=1", editor).body, "The term has been saved."));
    EXPECT_TRUE(contains(get("/categories/health").body, "Music therapy"));
    EXPECT_EQ(store_->audit().recent(1).at(0).action, "term_created");

    res = submit(
        base() + "/terms/" + added->id + "/edit", base() + "/terms/" + added->id,
        {{"name", "Music and art therapy"}, {"code", "music-therapy"}, {"parent_id", health_.id}},
        editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(store_->taxonomies().find_term(added->id)->name, "Music and art therapy");
}

TEST_F(AdminTaxonomies, TermErrorsAreShownAgainstTheirFields) {
    auto editor = sign_in("editor@example.org");
    auto res = submit(base() + "/terms/new", base() + "/terms",
                      {{"name", ""}, {"code", "Not A Code"}}, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "There is a problem"));
    EXPECT_TRUE(contains(res.body, "<a href=\"#name\">Enter the term&apos;s name</a>"));
    EXPECT_TRUE(contains(res.body,
                         "<a href=\"#code\">Enter a code using only lowercase letters, numbers and "
                         "single hyphens, like speech-and-language-therapy</a>"));
    EXPECT_TRUE(contains(res.body, "value=\"Not A Code\""));

    // A code another term has.
    res = submit(base() + "/terms/new", base() + "/terms",
                 {{"name", "Talking therapy"}, {"code", "speech-and-language-therapy"}}, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body,
                         "<a href=\"#code\">The code speech-and-language-therapy is already used "
                         "by Speech and language therapy. Choose a different code.</a>"));
    EXPECT_TRUE(contains(res.body, "id=\"code-error\""));

    // Health under one of its own sub-terms: the list does not offer it, and a forged post is
    // refused.
    const auto edit = get(base() + "/terms/" + health_.id + "/edit", editor);
    EXPECT_FALSE(contains(edit.body, "<option value=\"" + salt_.id + "\""));
    res = submit(base() + "/terms/" + health_.id + "/edit", base() + "/terms/" + health_.id,
                 {{"name", "Health"}, {"code", "health"}, {"parent_id", salt_.id}}, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(
        res.body,
        "<a href=\"#parent_id\">A term cannot be placed under one of its own sub-terms.</a>"));
    EXPECT_TRUE(store_->taxonomies().find_term(health_.id)->parent_id.empty());

    EXPECT_EQ(get(base() + "/terms/" + domain::new_uuid() + "/edit", editor).status, 404);
    EXPECT_EQ(get("/admin/taxonomies/" + domain::new_uuid(), editor).status, 404);
}

// --- Advice pages ----------------------------------------------------------------------------

TEST_F(AdminForms, EditorWritesAnAdvicePageAndThePublicSiteShowsIt) {
    auto editor = sign_in("editor@example.org");
    auto res = submit(
        "/admin/advice/new", "/admin/advice",
        {{"title", "Help with school transport"},
         {"slug", ""},
         {"summary", "Who can get free transport to school."},
         {"body_markdown",
          "## Who can get it\n\nChildren who *cannot* walk to school.\n\n* Ask the council\n"},
         {"position", "2"}},
        editor);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto page = store_->advice().find_by_slug("help-with-school-transport");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->position, 2);
    EXPECT_TRUE(contains(get("/admin/advice?saved=1", editor).body, "Help with school transport"));
    const auto public_page = get("/advice/help-with-school-transport");
    ASSERT_EQ(public_page.status, 200);
    EXPECT_TRUE(contains(public_page.body, "id=\"who-can-get-it\">Who can get it</h2>"));
    EXPECT_TRUE(contains(public_page.body, "<em>cannot</em>"));
    EXPECT_EQ(store_->audit().recent(1).at(0).action, "advice_created");

    res = submit("/admin/advice/" + page->id + "/edit", "/admin/advice/" + page->id,
                 {{"title", "School transport"},
                  {"slug", "help-with-school-transport"},
                  {"body_markdown", "Changed."},
                  {"position", "1"}},
                 editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(store_->advice().find(page->id)->title, "School transport");
}

TEST_F(AdminForms, AdviceErrorsAndTheSlugConflictAreShownAgainstTheirFields) {
    domain::AdvicePage existing;
    existing.id = domain::new_uuid();
    existing.slug = "ehc-plans";
    existing.title = "EHC plans";
    existing.body_markdown = "About plans.";
    store_->advice().save(existing);
    auto editor = sign_in("editor@example.org");
    auto res = submit(
        "/admin/advice/new", "/admin/advice",
        {{"title", ""}, {"slug", "Bad Slug!"}, {"body_markdown", " "}, {"position", "first"}},
        editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "<a href=\"#title\">Enter the page title</a>"));
    EXPECT_TRUE(
        contains(res.body,
                 "<a href=\"#slug\">Enter the end of the web address using only lowercase letters, "
                 "numbers and single hyphens, like help-with-school-transport</a>"));
    EXPECT_TRUE(contains(res.body, "<a href=\"#body_markdown\">Write the page content</a>"));
    EXPECT_TRUE(contains(
        res.body,
        "<a href=\"#position\">Enter the position as a whole number from 0 to 10000, like 3</a>"));
    EXPECT_TRUE(contains(res.body, "value=\"first\""));

    res = submit("/admin/advice/new", "/admin/advice",
                 {{"title", "Plans"}, {"slug", "ehc-plans"}, {"body_markdown", "Text."}}, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body,
                         "<a href=\"#slug\">Another advice page already uses the web address "
                         "/advice/ehc-plans. Choose a different one.</a>"));
    EXPECT_EQ(store_->advice().list().size(), 1u);
}

TEST_F(AdminForms, AdvicePreviewShowsThePageAsFamiliesWouldWithoutSaving) {
    auto editor = sign_in("editor@example.org");
    const auto csrf = csrf_token_in(get("/admin/advice/new", editor).body);
    const auto res = post("/admin/advice/preview",
                          {{"id", ""},
                           {"title", "Short breaks"},
                           {"summary", "Time off for carers."},
                           {"body_markdown", "## Summary\n\nA [link](https://www.example.org.uk)."},
                           {"csrf_token", csrf}},
                          editor);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_TRUE(contains(res.body, "Preview: nothing has been saved yet"));
    EXPECT_TRUE(contains(res.body, "id=\"preview-summary\">Summary</h2>"))
        << "heading ids cannot clash with the form's";
    EXPECT_TRUE(contains(res.body, "href=\"https://www.example.org.uk\""));
    EXPECT_TRUE(contains(res.body, "value=\"Short breaks\""));
    EXPECT_TRUE(store_->advice().list().empty());
}

// --- Who may reach them ----------------------------------------------------------------------

TEST_F(AdminForms, ProvidersAreRefusedAndSignedOutPeopleAreSentToSignIn) {
    const auto categories = store_->taxonomies().find_taxonomy_by_code("categories");
    auto provider = sign_in("provider@example.org");
    const auto csrf = csrf_token_in(get("/admin", provider).body);
    for (const auto& path :
         {std::string("/admin/taxonomies"), "/admin/taxonomies/" + categories->id,
          "/admin/taxonomies/" + categories->id + "/terms/new", std::string("/admin/advice"),
          std::string("/admin/advice/new")}) {
        EXPECT_EQ(get(path, provider).status, 403) << path;
        const auto out = get(path);
        EXPECT_EQ(out.status, 303) << path;
        EXPECT_TRUE(std::string(out.header("Location")).starts_with("/admin/sign-in?next="))
            << path;
    }
    EXPECT_EQ(post("/admin/taxonomies/" + categories->id + "/terms",
                   {{"name", "Sneaky"}, {"csrf_token", csrf}}, provider)
                  .status,
              403);
    EXPECT_EQ(post("/admin/advice", {{"title", "Sneaky"}, {"csrf_token", csrf}}, provider).status,
              403);
    EXPECT_EQ(post("/admin/advice", {{"title", "Sneaky"}}).status, 303);
    EXPECT_FALSE(store_->taxonomies().find_term_by_code("categories", "sneaky"));
    EXPECT_TRUE(store_->advice().list().empty());
    const auto dashboard = get("/admin", provider).body;
    EXPECT_FALSE(contains(dashboard, "href=\"/admin/taxonomies\"")) << "not offered to providers";
    EXPECT_FALSE(contains(dashboard, "href=\"/admin/advice\""));
}

}  // namespace
}  // namespace lo::test
