// Moderation and history in the admin: providers' changes wait for approval, editors approve or
// reject with a reason, every published change is a version that can be compared and restored,
// and every route refuses people who should not reach it, server-side.
#include "admin_fixture.hpp"

#include "domain/dates.hpp"

namespace lo::test {
namespace {

class AdminModeration : public AdminTest {
protected:
    AdminModeration() {
        oxford_ = add_organisation("Oxford Children's Health");
        banbury_ = add_organisation("Banbury Play");
        therapy_ = add_service("Speech and language therapy", oxford_);
        play_ = add_service("Saturday play scheme", banbury_);
        add_user("editor@example.org", auth::Role::Editor);
        add_user("provider@example.org", auth::Role::Provider, {oxford_});
        add_user("banbury@example.org", auth::Role::Provider, {banbury_});
    }

    // The form fields of a service as the edit form would post them, with changes.
    Form fields(const domain::Service& s, Form changes) {
        Form f = {{"name", s.name},
                  {"organisation_id", s.organisation_id},
                  {"status", "active"},
                  {"summary", s.summary}};
        const auto base = f.size();
        for (const auto& [k, v] : changes) {
            bool replaced = false;
            for (std::size_t i = 0; i < base; ++i)
                if (f[i].first == k) f[i].second = v, replaced = true;
            if (!replaced) f.push_back({k, v});  // repeated keys (checkboxes) are all kept
        }
        return f;
    }

    // A provider sends a new name for the therapy service; returns the change request's path.
    std::string provider_renames(Browser& provider, const std::string& name) {
        const auto res = submit(
            "/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
            fields(therapy_,
                   {{"name", name}, {"intent", "submit"}, {"change_note", "New name from April"}}),
            provider);
        EXPECT_EQ(res.status, 303) << res.body;
        const std::string location(res.header("Location"));
        EXPECT_TRUE(location.ends_with("?kept=submitted")) << location;
        return location.substr(0, location.find('?'));
    }

    std::string csrf(const Browser& b) { return csrf_token_in(get("/admin", b).body); }

    // A provider proposes a new Oxford service (kept as a request to create it).
    void provider_proposes(Browser& provider, const std::string& name) {
        EXPECT_EQ(submit("/admin/services/new", "/admin/services",
                         {{"name", name},
                          {"organisation_id", oxford_},
                          {"status", "active"},
                          {"intent", "submit"}},
                         provider)
                      .status,
                  303);
    }

    // A new summary for the play scheme: sent for approval by a provider, published by an editor.
    void new_play_summary(Browser& who, const std::string& summary) {
        EXPECT_EQ(submit("/admin/services/" + play_.id + "/edit", "/admin/services/" + play_.id,
                         fields(play_, {{"summary", summary}}), who)
                      .status,
                  303);
    }

    std::string oxford_, banbury_;
    domain::Service therapy_, play_;
};

TEST_F(AdminModeration, ProviderSubmitsAndNothingReachesThePublicSite) {
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    const auto page = get(path + "?kept=submitted", provider);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Submitted for approval"));
    EXPECT_TRUE(contains(page.body, "Waiting for approval"));
    EXPECT_TRUE(contains(page.body, "<del>Speech and language therapy</del>"));
    EXPECT_TRUE(contains(page.body, "<ins>Talking together</ins>"));
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Speech and language therapy");
    EXPECT_FALSE(contains(get("/services/" + therapy_.id).body, "Talking together"));
    EXPECT_TRUE(store_->service_versions().list(therapy_.id).empty()) << "nothing published";

    // Editing again continues from the pending change and replaces it.
    const auto form = get("/admin/services/" + therapy_.id + "/edit", provider);
    EXPECT_TRUE(contains(form.body, "value=\"Talking together\""));
    EXPECT_TRUE(contains(form.body, "waiting for approval"));
    EXPECT_TRUE(contains(form.body, "Submit for approval"));
    EXPECT_FALSE(contains(form.body, "Save as draft"));
    EXPECT_EQ(provider_renames(provider, "Talking together again"), path);
    EXPECT_EQ(store_->change_requests().list({}).size(), 1u);
    EXPECT_EQ(store_->audit().recent(1).at(0).action, "change_submitted");
}

TEST_F(AdminModeration, EditorSeesTheDiffApprovesAndTheHistoryHasBothVersions) {
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    auto editor = sign_in("editor@example.org");
    const auto queue = get("/admin/changes", editor);
    EXPECT_TRUE(contains(queue.body, "Talking together"));
    EXPECT_TRUE(contains(queue.body, "provider@example.org"));
    const auto page = get(path, editor);
    EXPECT_TRUE(contains(page.body, "<del>Speech and language therapy</del>"));
    EXPECT_TRUE(contains(page.body, "New name from April"));
    EXPECT_TRUE(contains(page.body, "Approve and publish"));

    const auto res = submit(path, path + "/approve", {}, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(res.header("Location"), path + "?decided=approved");
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Talking together");
    EXPECT_TRUE(contains(get("/services/" + therapy_.id).body, "Talking together"));
    EXPECT_TRUE(contains(get(path, provider).body, "Approved and published"));

    const auto versions = store_->service_versions().list(therapy_.id);
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_EQ(versions[0].number, 2);
    EXPECT_EQ(versions[0].source, domain::VersionSource::Approval);
    EXPECT_EQ(versions[0].user_email, "editor@example.org");
    // The approval also counts as a check (AnApprovedChangeStartsTheReviewAgain).
    EXPECT_EQ(versions[0].changed_fields,
              (std::vector<std::string>{"name", "last_checked", "review_due"}));
    EXPECT_TRUE(contains(versions[0].reason, "New name from April"));
    EXPECT_EQ(versions[1].snapshot.name, "Speech and language therapy");
    const auto log = store_->audit().recent(1).at(0);
    EXPECT_EQ(log.action, "change_approved");
    EXPECT_EQ(log.actor_email, "editor@example.org");

    const auto again = submit(path, path + "/approve", {}, editor);
    EXPECT_EQ(again.status, 409) << "a decided request cannot be decided again";
}

TEST_F(AdminModeration, TheDiffShowsOnlyWhatThePersonChanged) {
    therapy_.description = "First paragraph.\n\nSecond paragraph.";
    therapy_.referral_routes = {domain::ReferralRoute::School, domain::ReferralRoute::Gp};
    store_->services().save(therapy_);
    auto provider = sign_in("provider@example.org");
    // The browser sends text areas with CRLF and checkboxes in the form's order.
    const auto res =
        submit("/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
               fields(therapy_, {{"description", "First paragraph.\r\n\r\nSecond paragraph."},
                                 {"referral_routes", "gp"},
                                 {"referral_routes", "school"},
                                 {"waiting_time", "3 weeks"}}),
               provider);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto page = get(std::string(res.header("Location")), provider);
    EXPECT_TRUE(contains(page.body, "<ins>3 weeks</ins>"));
    EXPECT_FALSE(contains(page.body, ">Description</th>"));
    EXPECT_FALSE(contains(page.body, ">How a family can be referred</th>"));
}

TEST_F(AdminModeration, RejectionNeedsAReasonThatTheProviderSees) {
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    auto editor = sign_in("editor@example.org");
    auto res = submit(path, path + "/reject", {{"reason", "  "}}, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "There is a problem"));
    EXPECT_TRUE(
        contains(res.body, "<a href=\"#reason\">Enter the reason the changes cannot be published"));
    res = submit(path, path + "/reject", {{"reason", "Please keep the NHS name."}}, editor);
    ASSERT_EQ(res.status, 303);
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Speech and language therapy");
    const auto list = get("/admin/changes", provider);
    EXPECT_TRUE(contains(list.body, "Not approved"));
    EXPECT_TRUE(contains(list.body, "Please keep the NHS name."));
    EXPECT_TRUE(contains(get(path, provider).body, "Please keep the NHS name."));
    EXPECT_EQ(store_->audit().recent(1).at(0).action, "change_rejected");
}

TEST_F(AdminModeration, ProviderWithdrawsTheirOwnChange) {
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    const auto res = submit(path, path + "/withdraw", {}, provider);
    ASSERT_EQ(res.status, 303);
    EXPECT_TRUE(contains(get(path, provider).body, "Withdrawn"));
    auto editor = sign_in("editor@example.org");
    EXPECT_EQ(submit(path, path + "/approve", {}, editor).status, 409);
}

TEST_F(AdminModeration, EditorSavesADraftThenPublishesIt) {
    auto editor = sign_in("editor@example.org");
    auto res =
        submit("/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
               fields(therapy_, {{"summary", "Draft summary"}, {"intent", "draft"}}), editor);
    ASSERT_EQ(res.status, 303) << res.body;
    const std::string location(res.header("Location"));
    EXPECT_TRUE(location.ends_with("?kept=draft"));
    EXPECT_TRUE(contains(get(location, editor).body, "Your draft has been saved"));
    EXPECT_NE(store_->services().find(therapy_.id)->summary, "Draft summary");
    const auto form = get("/admin/services/" + therapy_.id + "/edit", editor);
    EXPECT_TRUE(contains(form.body, "value=\"Draft summary\""));
    EXPECT_TRUE(contains(form.body, "Save as draft"));
    EXPECT_TRUE(contains(form.body, ">Publish</button>"));
    EXPECT_TRUE(
        contains(get("/admin/services?status=draft", editor).body, "Speech and language therapy"));

    res = submit("/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
                 fields(therapy_, {{"summary", "Final summary"}, {"intent", "publish"}}), editor);
    ASSERT_EQ(res.status, 303);
    EXPECT_EQ(store_->services().find(therapy_.id)->summary, "Final summary");
    EXPECT_TRUE(store_->change_requests()
                    .list({.states = {domain::ChangeState::Draft, domain::ChangeState::Pending}})
                    .empty())
        << "the draft is closed by publishing";
}

TEST_F(AdminModeration, HistoryListsComparesAndRestoresVersions) {
    auto editor = sign_in("editor@example.org");
    const auto edit = "/admin/services/" + therapy_.id + "/edit";
    const auto action = "/admin/services/" + therapy_.id;
    ASSERT_EQ(
        submit(edit, action,
               fields(therapy_, {{"name", "Second name"}, {"change_note", "Rebrand"}}), editor)
            .status,
        303);
    ASSERT_EQ(submit(edit, action, fields(therapy_, {{"name", "Third name"}}), editor).status, 303);
    const auto history = get(action + "/history", editor);
    ASSERT_EQ(history.status, 200);
    EXPECT_TRUE(contains(history.body, "Version 1"));
    EXPECT_TRUE(contains(history.body, "Version 3"));
    EXPECT_TRUE(contains(history.body, "Rebrand"));
    EXPECT_TRUE(contains(history.body, "Published by an editor: Service name"));
    EXPECT_TRUE(contains(history.body, "Restore version 1"));
    EXPECT_FALSE(contains(history.body, "Restore version 3")) << "the live version";

    const auto version = get(action + "/versions/1", editor);
    EXPECT_EQ(version.status, 200);
    EXPECT_TRUE(contains(version.body, "Speech and language therapy"));
    const auto compare = get(action + "/compare?from=1&to=3", editor);
    EXPECT_EQ(compare.status, 200);
    EXPECT_TRUE(contains(compare.body, "<del>Speech and language therapy</del>"));
    EXPECT_TRUE(contains(compare.body, "<ins>Third name</ins>"));
    EXPECT_EQ(get(action + "/compare?from=1&to=x", editor).status, 400);
    EXPECT_EQ(get(action + "/compare", editor).status, 400);
    EXPECT_EQ(get(action + "/compare?from=1&to=9", editor).status, 404);
    EXPECT_EQ(get(action + "/versions/9", editor).status, 404);
    EXPECT_EQ(get(action + "/versions/abc", editor).status, 404);

    const auto res = submit(action + "/history", action + "/versions/1/restore", {}, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Speech and language therapy");
    EXPECT_TRUE(contains(get("/services/" + therapy_.id).body, "Speech and language therapy"));
    const auto versions = store_->service_versions().list(therapy_.id);
    ASSERT_EQ(versions.size(), 4u);
    EXPECT_EQ(versions[0].source, domain::VersionSource::Restore);
    EXPECT_EQ(versions[0].reason, "Restored version 1");
    EXPECT_EQ(store_->audit().recent(1).at(0).action, "service_restored");
    EXPECT_TRUE(contains(get(std::string(res.header("Location")), editor).body,
                         "Version 1 has been restored"));
}

TEST_F(AdminModeration, ApprovingAfterTheSiteChangedNeverSilentlyOverwrites) {
    auto provider = sign_in("provider@example.org");
    const auto res =
        submit("/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
               fields(therapy_, {{"summary", "From the provider"}, {"waiting_time", "2 weeks"}}),
               provider);
    ASSERT_EQ(res.status, 303);
    const std::string path(res.header("Location").substr(0, res.header("Location").find('?')));
    auto editor = sign_in("editor@example.org");
    ASSERT_EQ(submit("/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
                     fields(therapy_, {{"summary", "From the editor"},
                                       {"description", "Editor's description"}}),
                     editor)
                  .status,
              303);
    const auto page = get(path, editor);
    EXPECT_TRUE(contains(page.body, "The published record changed after these changes were made"));
    EXPECT_TRUE(contains(page.body, "Both changed: Summary;"));
    auto approve = submit(path, path + "/approve", {}, editor);
    EXPECT_EQ(approve.status, 422);
    EXPECT_TRUE(contains(approve.body, "tick the box to approve anyway"));
    EXPECT_EQ(store_->services().find(therapy_.id)->summary, "From the editor");
    approve = submit(path, path + "/approve", {{"confirm_overwrite", "yes"}}, editor);
    ASSERT_EQ(approve.status, 303) << approve.body;
    const auto live = *store_->services().find(therapy_.id);
    EXPECT_EQ(live.summary, "From the provider");
    EXPECT_EQ(live.waiting_time, "2 weeks");
    EXPECT_EQ(live.description, "Editor's description") << "the editor's other change stays";
}

TEST_F(AdminModeration, StatusFilterFindsDraftsWaitingArchivedAndOverdue) {
    auto provider = sign_in("provider@example.org");
    provider_renames(provider, "Talking together");
    auto overdue = play_;
    overdue.last_checked = "2020-01-01";
    overdue.review_due = "2021-01-01";
    store_->services().save(overdue);
    const auto archived = add_service("Old holiday club", banbury_);
    store_->services().archive(archived.id);
    auto editor = sign_in("editor@example.org");

    auto res = get("/admin/services?status=pending", editor);
    EXPECT_TRUE(contains(res.body, "Speech and language therapy"));
    EXPECT_FALSE(contains(res.body, "Saturday play scheme"));
    EXPECT_TRUE(contains(res.body, "Waiting for approval</strong>"));
    res = get("/admin/services?status=review_overdue", editor);
    EXPECT_TRUE(contains(res.body, "Saturday play scheme"));
    EXPECT_FALSE(contains(res.body, "Speech and language therapy"));
    EXPECT_TRUE(contains(res.body, "Overdue</strong>"));
    res = get("/admin/services?status=archived", editor);
    EXPECT_TRUE(contains(res.body, "Old holiday club"));
    EXPECT_FALSE(contains(res.body, "Saturday play scheme"));
    res = get("/admin/services?status=published", editor);
    EXPECT_FALSE(contains(res.body, "Old holiday club"));
    EXPECT_TRUE(contains(res.body, "Saturday play scheme"));
    EXPECT_TRUE(contains(res.body, "<option value=\"published\" selected>Published</option>"));
    res = get("/admin/services?status=draft", editor);
    EXPECT_TRUE(contains(res.body, "No services"));
    res = get("/admin/services?status=pending&organisation=" + banbury_, editor);
    EXPECT_FALSE(contains(res.body, "Speech and language therapy")) << "filters combine";
}

// --- Authorisation: each case is its own test -------------------------------------------

TEST_F(AdminModeration, SignedOutPeopleAreSentToSignInFromEveryNewRoute) {
    auto provider = sign_in("provider@example.org");
    provider_renames(provider, "Talking together");
    for (const auto& target : std::vector<std::string>{
             "/admin/changes", "/admin/changes/1", "/admin/services/" + therapy_.id + "/history",
             "/admin/services/" + therapy_.id + "/versions/1",
             "/admin/services/" + therapy_.id + "/compare?from=1&to=2"}) {
        const auto res = get(target);
        EXPECT_EQ(res.status, 303) << target;
        EXPECT_TRUE(res.header("Location").starts_with("/admin/sign-in")) << target;
    }
    for (const auto& target :
         {"/admin/changes/1/approve", "/admin/changes/1/reject", "/admin/changes/1/withdraw"}) {
        EXPECT_EQ(post(target, {{"reason", "x"}}).status, 303) << target;
    }
    EXPECT_EQ(post("/admin/services/" + therapy_.id + "/versions/1/restore", {}).status, 303);
    EXPECT_EQ(store_->change_requests().find(1)->state, domain::ChangeState::Pending);
}

TEST_F(AdminModeration, ProviderCannotApproveEvenTheirOwnChange) {
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    const auto res = post(path + "/approve", {{"csrf_token", csrf(provider)}}, provider);
    EXPECT_EQ(res.status, 403);
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Speech and language therapy");
}

TEST_F(AdminModeration, ProviderCannotReject) {
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    const auto res =
        post(path + "/reject", {{"reason", "no"}, {"csrf_token", csrf(provider)}}, provider);
    EXPECT_EQ(res.status, 403);
    EXPECT_EQ(store_->change_requests().list({}).at(0).state, domain::ChangeState::Pending);
}

TEST_F(AdminModeration, ProviderCannotSeeAnotherOrganisationsChangeRequest) {
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    auto other = sign_in("banbury@example.org");
    const auto res = get(path, other);
    EXPECT_EQ(res.status, 404);
    EXPECT_FALSE(contains(res.body, "Talking together"));
    EXPECT_FALSE(contains(get("/admin/changes?state=all", other).body, "Talking together"));
    EXPECT_EQ(get("/admin/changes/999999", other).status, 404) << "same answer as a missing id";
    EXPECT_EQ(get("/admin/changes/not-a-number", other).status, 404);
}

TEST_F(AdminModeration, ProviderCannotWithdrawAnotherOrganisationsChangeRequest) {
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    auto other = sign_in("banbury@example.org");
    EXPECT_EQ(post(path + "/withdraw", {{"csrf_token", csrf(other)}}, other).status, 404);
    EXPECT_EQ(store_->change_requests().list({}).at(0).state, domain::ChangeState::Pending);
}

TEST_F(AdminModeration, ColleagueCannotWithdrawSomeoneElsesChange) {
    add_user("colleague@example.org", auth::Role::Provider, {oxford_});
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    auto colleague = sign_in("colleague@example.org");
    EXPECT_EQ(get(path, colleague).status, 200) << "colleagues see their organisation's changes";
    EXPECT_EQ(post(path + "/withdraw", {{"csrf_token", csrf(colleague)}}, colleague).status, 403);
}

TEST_F(AdminModeration, ProviderCannotSubmitAChangeForAnotherOrganisationsService) {
    auto provider = sign_in("provider@example.org");
    const auto res =
        post("/admin/services/" + play_.id,
             fields(play_, {{"name", "Hijacked"}, {"csrf_token", csrf(provider)}}), provider);
    EXPECT_EQ(res.status, 403);
    EXPECT_TRUE(store_->change_requests().list({}).empty());
}

TEST_F(AdminModeration, ProviderCannotMoveTheirServiceToAnotherOrganisation) {
    auto provider = sign_in("provider@example.org");
    const auto res =
        submit("/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
               fields(therapy_, {{"organisation_id", banbury_}}), provider);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "Choose one of your organisations"));
    EXPECT_TRUE(store_->change_requests().list({}).empty());
}

TEST_F(AdminModeration, ProviderCannotSeeAnotherOrganisationsHistoryVersionsOrComparisons) {
    auto editor = sign_in("editor@example.org");
    ASSERT_EQ(submit("/admin/services/" + play_.id + "/edit", "/admin/services/" + play_.id,
                     fields(play_, {{"name", "Saturday club"}}), editor)
                  .status,
              303);
    auto provider = sign_in("provider@example.org");
    const auto base = "/admin/services/" + play_.id;
    for (const auto& target : {base + "/history", base + "/versions/1", base + "/versions/2",
                               base + "/compare?from=1&to=2"}) {
        const auto res = get(target, provider);
        EXPECT_EQ(res.status, 404) << target;
        EXPECT_FALSE(contains(res.body, "Saturday")) << target;
    }
    auto own = get("/admin/services/" + therapy_.id + "/history", provider);
    EXPECT_EQ(own.status, 200) << "their own service's history is theirs to read";
    EXPECT_FALSE(contains(own.body, "Restore version"));
}

TEST_F(AdminModeration, ProviderCannotRestoreAVersion) {
    auto editor = sign_in("editor@example.org");
    ASSERT_EQ(submit("/admin/services/" + therapy_.id + "/edit", "/admin/services/" + therapy_.id,
                     fields(therapy_, {{"name", "Second name"}}), editor)
                  .status,
              303);
    auto provider = sign_in("provider@example.org");
    const auto res = post("/admin/services/" + therapy_.id + "/versions/1/restore",
                          {{"csrf_token", csrf(provider)}}, provider);
    EXPECT_EQ(res.status, 403);
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Second name");
}

TEST_F(AdminModeration, DecisionsNeedTheSessionsCsrfToken) {
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    auto editor = sign_in("editor@example.org");
    EXPECT_EQ(post(path + "/approve", {}, editor).status, 403);
    EXPECT_EQ(post(path + "/approve", {{"csrf_token", csrf(provider)}}, editor).status, 403);
    EXPECT_EQ(post("/admin/services/" + therapy_.id + "/versions/1/restore", {}, editor).status,
              403);
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Speech and language therapy");
}

// Issue 18, item 3: a provider proposes a new service; it arrives as a request for an editor
// with every field new, nothing is public until it is approved, and the new place typed in is
// linked only then.
TEST_F(AdminModeration, AProviderProposesANewServiceAndAnEditorApprovesIt) {
    auto provider = sign_in("provider@example.org");
    const auto before = store_->services().count({});
    auto res = submit("/admin/services/new", "/admin/services",
                      {{"name", "Signing for families"},
                       {"organisation_id", oxford_},
                       {"status", "active"},
                       {"summary", "Makaton for parents"},
                       {"form_parts", "all"},
                       {"new_locations-0-name", "Cowley library"},
                       {"new_locations-0-postcode", "OX4 3XA"},
                       {"change_note", "Starts in May"},
                       {"intent", "submit"}},
                      provider);
    ASSERT_EQ(res.status, 303) << res.body;
    const std::string location(res.header("Location"));
    ASSERT_TRUE(location.ends_with("?kept=submitted")) << location;
    const auto path = location.substr(0, location.find('?'));
    EXPECT_EQ(store_->services().count({}), before) << "nothing is public yet";
    const auto requests = store_->change_requests().list({});
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].kind, domain::ChangeKind::Create);
    EXPECT_EQ(requests[0].organisation_id, oxford_);
    EXPECT_TRUE(requests[0].proposed.location_ids.size() == 1);
    EXPECT_FALSE(contains(get("/search?q=signing").body, "Signing for families"));

    auto editor = sign_in("editor@example.org");
    const auto page = get(path, editor);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "New service: Signing for families"));
    EXPECT_TRUE(contains(page.body, "Makaton for parents"));
    EXPECT_TRUE(contains(page.body, "Starts in May"));
    EXPECT_TRUE(contains(get("/admin/changes", editor).body, "Signing for families"));
    res = post(path + "/approve", {{"csrf_token", csrf_token_in(page.body)}}, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto live = store_->services().find(requests[0].service_id);
    ASSERT_TRUE(live);
    EXPECT_EQ(live->name, "Signing for families");
    EXPECT_EQ(live->organisation_id, oxford_);
    ASSERT_EQ(live->location_ids.size(), 1u);
    EXPECT_EQ(store_->locations().find(live->location_ids[0])->name, "Cowley library");
    EXPECT_EQ(store_->service_versions().list(live->id).size(), 1u);
    EXPECT_EQ(store_->change_requests().find(requests[0].id)->state, domain::ChangeState::Approved);
    EXPECT_EQ(post(path + "/approve", {{"csrf_token", csrf_token_in(page.body)}}, editor).status,
              409)
        << "decided once";
}

TEST_F(AdminModeration, AProviderCannotProposeAServiceForAnotherOrganisation) {
    auto provider = sign_in("provider@example.org");
    const auto res = submit("/admin/services/new", "/admin/services",
                            {{"name", "Hijacked play"},
                             {"organisation_id", banbury_},
                             {"status", "active"},
                             {"intent", "submit"}},
                            provider);
    ASSERT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "Choose one of your organisations."));
    EXPECT_TRUE(store_->change_requests().list({}).empty());
    EXPECT_FALSE(contains(get("/admin/services/new", provider).body, "Banbury Play"))
        << "only their organisations are offered";
}

TEST_F(AdminModeration, AnEditorCanRejectAProposedServiceWithAReason) {
    auto provider = sign_in("provider@example.org");
    provider_proposes(provider, "Signing for families");
    const auto request = store_->change_requests().list({}).at(0);
    auto editor = sign_in("editor@example.org");
    const auto path = "/admin/changes/" + std::to_string(request.id);
    const auto res =
        post(path + "/reject", {{"csrf_token", csrf(editor)}, {"reason", "We already list this"}},
             editor);
    EXPECT_EQ(res.status, 303);
    EXPECT_FALSE(store_->services().find(request.service_id));
    EXPECT_TRUE(contains(get(path, provider).body, "We already list this"));
}

// Issue 18, bulk actions: an editor ticks several waiting changes and approves them at once.
// Each is approved in its own transaction as it would be alone; one whose service changed on
// the site since is left waiting and linked, never silently overwritten.
TEST_F(AdminModeration, AnEditorApprovesSeveralChangesAtOnceAndConflictsAreLeftToOpen) {
    auto provider = sign_in("provider@example.org");
    provider_renames(provider, "Talking together");
    auto banbury = sign_in("banbury@example.org");
    new_play_summary(banbury, "From Banbury");
    provider_proposes(provider, "Signing for families");
    auto editor = sign_in("editor@example.org");
    // The play scheme changes on the site after Banbury sent theirs: that one needs a look.
    new_play_summary(editor, "From the editor");
    const auto queue = get("/admin/changes", editor);
    ASSERT_EQ(queue.status, 200);
    EXPECT_TRUE(contains(queue.body, "Approve selected changes"));
    Form ticked;
    for (const auto& r : store_->change_requests().list({}))
        if (r.state == domain::ChangeState::Pending)
            ticked.push_back({"ids", std::to_string(r.id)});
    ASSERT_EQ(ticked.size(), 3u);
    // First the diffs on one page: every ticked request, the conflict marked.
    const auto check = submit("/admin/changes", "/admin/changes/review-selected", ticked, editor);
    ASSERT_EQ(check.status, 200) << check.body;
    EXPECT_TRUE(contains(check.body, "3 change requests."));
    EXPECT_TRUE(contains(check.body, "Changes to Talking together"));
    EXPECT_TRUE(contains(check.body, "New service: Signing for families"));
    EXPECT_TRUE(contains(check.body, "It will not be approved with the others"));
    EXPECT_TRUE(contains(check.body, "<ins>From Banbury</ins>"));
    EXPECT_EQ(store_->services().count({}), 2) << "checking approves nothing";
    const auto res = submit("/admin/changes", "/admin/changes/approve-selected", ticked, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto after = get(std::string(res.header("Location")), editor);
    EXPECT_TRUE(contains(after.body, "2 changes were approved and published.")) << after.body;
    EXPECT_TRUE(contains(after.body, "These were not approved"));
    EXPECT_TRUE(contains(after.body, ">Saturday play scheme</a>"));
    EXPECT_EQ(store_->services().find(therapy_.id)->name, "Talking together");
    EXPECT_EQ(store_->services().find(play_.id)->summary, "From the editor");
    EXPECT_EQ(store_->services().count({}), 3);
    int pending = 0;
    for (const auto& r : store_->change_requests().list({}))
        pending += r.state == domain::ChangeState::Pending;
    EXPECT_EQ(pending, 1);

    // Providers cannot approve, in bulk or otherwise.
    const auto refused =
        post("/admin/changes/approve-selected",
             {{"csrf_token", csrf(provider)}, {"ids", ticked[0].second}}, provider);
    EXPECT_EQ(refused.status, 403);
    EXPECT_FALSE(contains(get("/admin/changes", provider).body, "Approve selected changes"));
}

// Issue 18, item 4: each dashboard shows the work waiting. The editor: changes waiting for
// approval, oldest first, new feedback and problem reports, reviews. The provider: their
// organisations' changes waiting or sent back, problems on their services, their reviews.
TEST_F(AdminModeration, EachDashboardShowsTheWorkWaiting) {
    auto provider = sign_in("provider@example.org");
    provider_renames(provider, "Talking together");
    auto banbury = sign_in("banbury@example.org");
    new_play_summary(banbury, "From Banbury");
    auto editor = sign_in("editor@example.org");
    auto page = get("/admin", editor).body;
    EXPECT_TRUE(contains(page, "Waiting for you"));
    EXPECT_TRUE(contains(page, "2 changes are waiting for approval"));
    EXPECT_TRUE(contains(page, "href=\"/admin/changes\">Changes (2)</a>")) << "counted in the menu";
    const auto first = page.find("Talking together"), second = page.find("Saturday play scheme");
    ASSERT_NE(first, std::string::npos);
    ASSERT_NE(second, std::string::npos);
    EXPECT_LT(first, second) << "oldest first";
    EXPECT_TRUE(contains(page, "No new messages (no problem reports)"));
    EXPECT_TRUE(contains(page, "reviews are overdue") || contains(page, "review is overdue"));

    // Banbury's change is sent back: the Oxford provider sees only their own.
    const auto banbury_request = store_->change_requests().list({.service_id = play_.id}).at(0);
    ASSERT_EQ(post("/admin/changes/" + std::to_string(banbury_request.id) + "/reject",
                   {{"csrf_token", csrf(editor)}, {"reason", "Say which Saturdays"}}, editor)
                  .status,
              303);
    page = get("/admin", provider).body;
    EXPECT_TRUE(contains(page, "1 change is waiting or was sent back"));
    EXPECT_TRUE(contains(page, "href=\"/admin/changes\">Changes (1)</a>"));
    EXPECT_TRUE(contains(page, "Talking together"));
    EXPECT_FALSE(contains(page, "Saturday play scheme"));
    EXPECT_TRUE(contains(page, "No new problem reports about your services"));
    page = get("/admin", banbury).body;
    EXPECT_TRUE(contains(page,
                         "Saturday play scheme</a> <span class=\"govuk-hint "
                         "govuk-!-display-inline\">Not approved"))
        << page;
}

// Issue 18, item 9: an approved change counts as a check, so the review date and the reminder
// cycle start again from the day it was approved.
TEST_F(AdminModeration, AnApprovedChangeStartsTheReviewAgain) {
    therapy_.last_checked = "2025-01-10";
    therapy_.review_due = "2026-01-10";
    store_->services().save(therapy_);
    auto provider = sign_in("provider@example.org");
    const auto path = provider_renames(provider, "Talking together");
    auto editor = sign_in("editor@example.org");
    ASSERT_EQ(submit(path, path + "/approve", {}, editor).status, 303);
    const auto live = *store_->services().find(therapy_.id);
    const auto today = domain::today_utc();
    EXPECT_EQ(live.name, "Talking together");
    EXPECT_EQ(live.last_checked, domain::to_string(today));
    EXPECT_EQ(live.review_due, domain::to_string(domain::add_months(today, 12)));
}

}  // namespace
}  // namespace lo::test
