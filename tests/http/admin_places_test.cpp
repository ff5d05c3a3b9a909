// Places in the admin (issue 18, item 2): editors add and edit a place's address, its
// coordinates (from the postcode when left blank), its accessibility and whether its exact
// address is hidden, and see which services use it. Providers cannot open the pages.
#include "admin_fixture.hpp"
#include "domain/ids.hpp"
#include "search/engine.hpp"

namespace lo::test {
namespace {

class AdminPlaces : public AdminTest {
protected:
    AdminPlaces() {
        search_ = std::make_unique<search::SearchService>(
            *store_, search::SearchOptions{(dir_ / "data").string(), "",
                                           std::string(LO_SOURCE_DIR) + "/db/seeds/gazetteer"});
        ctx_->search = search_.get();
        add_user("editor@example.org", auth::Role::Editor);
        editor_ = sign_in("editor@example.org");
        org_ = add_organisation("Banbury Play");
    }
    Form place_form(Form extra) const {
        Form form{{"name", "Jo's childminding"},
                  {"address_1", "12 Secret Lane"},
                  {"city", "Oxford"},
                  {"postcode", "ox3 9du"}};
        form.insert(form.end(), extra.begin(), extra.end());
        return form;
    }
    domain::Location only_place() {
        const auto all = store_->locations().list({10, 0});
        EXPECT_EQ(all.size(), 1u);
        return all.empty() ? domain::Location{} : all.front();
    }
    std::unique_ptr<search::SearchService> search_;
    Browser editor_;
    std::string org_;
};

TEST_F(AdminPlaces, AnEditorAddsAPlaceAndThePostcodePutsItOnTheMap) {
    const auto res = submit("/admin/places/new", "/admin/places",
                            place_form({{"accessibility", "Step-free access"},
                                        {"accessibility", "Changing Places toilet"},
                                        {"accessibility_other", "Ramp at the side door\n\n"},
                                        {"hide_address", "yes"}}),
                            editor_);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto l = only_place();
    EXPECT_EQ(l.postcode, "OX3 9DU");
    ASSERT_TRUE(l.latitude && l.longitude);
    EXPECT_NEAR(*l.latitude, 51.76387, 1e-6);  // db/seeds/gazetteer/postcodes.csv
    EXPECT_TRUE(l.hide_address);
    EXPECT_EQ(l.accessibility,
              (std::vector<std::string>{"Step-free access", "Changing Places toilet",
                                        "Ramp at the side door"}));
    const auto list = get(res.header("Location").data(), editor_);
    EXPECT_TRUE(contains(list.body,
                         "Jo&apos;s childminding, 12 Secret Lane, Oxford, OX3 9DU has been "
                         "saved."))
        << list.body;
    EXPECT_TRUE(contains(list.body, "Address hidden"));
}

TEST_F(AdminPlaces, EditingShowsWhoUsesItAndANewPostcodeMovesIt) {
    ASSERT_EQ(submit("/admin/places/new", "/admin/places", place_form({}), editor_).status, 303);
    const auto l = only_place();
    auto service = add_service("Saturday play scheme", org_);
    service.location_ids = {l.id};
    store_->services().save(service);
    const auto edit = "/admin/places/" + l.id + "/edit";
    const auto page = get(edit, editor_);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Changing this place changes these services:"));
    EXPECT_TRUE(contains(page.body, "Saturday play scheme"));
    EXPECT_TRUE(contains(page.body, "value=\"51.76387\""));
    // The coordinates left as they were and the postcode changed: found again.
    Form moved{{"name", "Jo's childminding"},
               {"postcode", "OX3 7JX"},
               {"latitude", "51.76387"},
               {"longitude", "-1.21981"}};
    ASSERT_EQ(submit(edit, "/admin/places/" + l.id, moved, editor_).status, 303);
    EXPECT_NEAR(*store_->locations().find(l.id)->latitude, 51.75084, 1e-6);
    // Saved again as shown (six decimals), a more precise stored value is kept exactly.
    auto precise = *store_->locations().find(l.id);
    precise.latitude = 51.750841234;
    store_->locations().save(precise);
    const auto shown = get(edit, editor_);
    EXPECT_TRUE(contains(shown.body, "value=\"51.750841\""));
    Form as_shown{{"name", "Jo's childminding"},
                  {"postcode", "OX3 7JX"},
                  {"latitude", "51.750841"},
                  {"longitude", "-1.22232"}};
    ASSERT_EQ(submit(edit, "/admin/places/" + l.id, as_shown, editor_).status, 303);
    EXPECT_EQ(*store_->locations().find(l.id)->latitude, 51.750841234);
    // Typed coordinates are kept.
    Form typed{{"name", "Jo's childminding"},
               {"postcode", "OX3 7JX"},
               {"latitude", "51.7"},
               {"longitude", "-1.3"}};
    ASSERT_EQ(submit(edit, "/admin/places/" + l.id, typed, editor_).status, 303);
    EXPECT_NEAR(*store_->locations().find(l.id)->latitude, 51.7, 1e-9);
    EXPECT_EQ(store_->services().find(service.id)->location_ids, std::vector<std::string>{l.id});
}

TEST_F(AdminPlaces, BadValuesAreExplainedAndNothingIsSaved) {
    ASSERT_EQ(submit("/admin/places/new", "/admin/places", place_form({}), editor_).status, 303);
    const auto before = only_place();
    const auto edit = "/admin/places/" + before.id + "/edit";
    auto res =
        submit(edit, "/admin/places/" + before.id,
               {{"name", ""}, {"postcode", "not a postcode"}, {"latitude", "north"}}, editor_);
    ASSERT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body,
                         "Enter the latitude as a number, like 51.752, or leave it blank "
                         "to find it from the postcode"))
        << res.body;
    EXPECT_TRUE(contains(res.body, "<details class=\"govuk-details\" open>"));
    EXPECT_TRUE(contains(res.body, "Enter a real UK postcode, like OX3 9DU"))
        << "every mistake is reported at once";
    EXPECT_EQ(store_->locations().find(before.id), before);
    res = submit(edit, "/admin/places/" + before.id, {{"name", ""}, {"postcode", "not a postcode"}},
                 editor_);
    ASSERT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "Enter a real UK postcode, like OX3 9DU"));
    EXPECT_TRUE(contains(res.body, "Enter a name for the place or the first line of its address"));
    EXPECT_EQ(store_->locations().find(before.id), before);
    EXPECT_EQ(get("/admin/places/" + domain::new_uuid() + "/edit", editor_).status, 404);
}

TEST_F(AdminPlaces, ProvidersCannotOpenThePlacesPages) {
    ASSERT_EQ(submit("/admin/places/new", "/admin/places", place_form({}), editor_).status, 303);
    const auto l = only_place();
    add_user("provider@example.org", auth::Role::Provider, {org_});
    const auto provider = sign_in("provider@example.org");
    EXPECT_EQ(get("/admin/places", provider).status, 403);
    EXPECT_EQ(get("/admin/places/" + l.id + "/edit", provider).status, 403);
    EXPECT_FALSE(contains(get("/admin", provider).body, "href=\"/admin/places\""));
    EXPECT_TRUE(contains(get("/admin", editor_).body, "href=\"/admin/places\""));
}

}  // namespace
}  // namespace lo::test
