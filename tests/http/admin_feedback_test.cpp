// The feedback inbox and "You said, we did": who sees which feedback, responding, publishing
// with personal details removed, and the public page's months and yearly summary.
#include "admin_fixture.hpp"

#include <set>

#include "domain/ids.hpp"
#include "http/url.hpp"

namespace lo::test {
namespace {

class AdminFeedback : public AdminTest {
protected:
    AdminFeedback() {
        org_a_ = add_organisation("Acorn Trust");
        org_b_ = add_organisation("Beech Charity");
        service_a_ = add_service("Acorn Playscheme", org_a_);
        service_b_ = add_service("Beech Swimming", org_b_);
        add_user("editor@example.org", auth::Role::Editor);
        add_user("acorn@example.org", auth::Role::Provider, {org_a_});
    }

    // Sends feedback through the public form, as a parent would; returns its id. (Feedback sent
    // in the same second has no order of its own, so the new id is found by difference.)
    std::string send(const Form& form) {
        std::set<std::string> before;
        for (const auto& f : store_->feedback().list({1000, 0})) before.insert(f.id);
        const auto res = post("/feedback", form);
        EXPECT_EQ(res.status, 303) << res.body;
        for (const auto& f : store_->feedback().list({1000, 0}))
            if (!before.count(f.id)) return f.id;
        ADD_FAILURE() << "no feedback was stored";
        return {};
    }

    std::string add_feedback(const std::string& created_at,
                             const std::string& page,
                             std::optional<bool> useful,
                             const std::string& comment,
                             bool problem) {
        domain::Feedback f;
        f.id = domain::new_uuid();
        f.created_at = created_at;
        f.page = page;
        f.useful = useful;
        f.comment = comment;
        f.problem = problem;
        store_->feedback().add(f);
        return f.id;
    }

    void publish(const std::string& id,
                 const std::string& you_said,
                 const std::string& we_did,
                 const std::string& theme,
                 bool fixed = false) {
        domain::FeedbackResponse r;
        r.feedback_id = id;
        r.state = domain::FeedbackState::Published;
        r.public_comment = you_said;
        r.response = we_did;
        r.theme = theme;
        r.fixed = fixed;
        store_->feedback_inbox().save_response(r);
    }

    std::string org_a_, org_b_;
    domain::Service service_a_, service_b_;
};

// A problem reported on a service page is e-mailed to the provider accounts of its organisation
// (or, with none, to the Local Offer team), with a link to the report and not the report itself;
// at most once a day for each service page. Other feedback sends nothing.
TEST_F(AdminFeedback, AProblemOnAServicePageIsEmailedToItsProvidersOnceADay) {
    add_user("acorn.two@example.org", auth::Role::Provider, {org_a_});
    add_user("beech@example.org", auth::Role::Provider, {org_b_});
    auto gone =
        *store_->users().find(add_user("acorn.gone@example.org", auth::Role::Provider, {org_a_}));
    gone.active = false;
    store_->users().save(gone);
    const auto outbox = [&] { return store_->outbox().list(100, 0); };

    send({{"page", "/services/" + service_a_.id}, {"useful", "no"}, {"comment", "Too slow"}});
    send({{"page", "/"}, {"kind", "problem"}, {"comment", "The home page is broken"}});
    EXPECT_TRUE(outbox().empty()) << "only problems on service pages are e-mailed";

    const auto id = send({{"page", "/services/" + service_a_.id},
                          {"kind", "problem"},
                          {"comment", "The phone number 01865 999999 is wrong, call me"}});
    auto sent = outbox();
    std::set<std::string> to;
    for (const auto& e : sent) to.insert(e.message.to);
    EXPECT_EQ(to, (std::set<std::string>{"acorn@example.org", "acorn.two@example.org"}))
        << "the active providers of that organisation, not others";
    ASSERT_FALSE(sent.empty());
    const auto& m = sent.front().message;
    EXPECT_EQ(m.kind, "problem_report");
    EXPECT_EQ(m.subject, "Problem reported with Acorn Playscheme");
    EXPECT_TRUE(contains(m.body, "/services/" + service_a_.id));
    EXPECT_TRUE(contains(m.body, "/admin/feedback/" + id));
    EXPECT_FALSE(contains(m.body, "phone number")) << "the report is not quoted";

    // A second report on the same page the same day: no more e-mail.
    send({{"page", "/services/" + service_a_.id}, {"kind", "problem"}, {"comment", "Closed"}});
    EXPECT_EQ(outbox().size(), sent.size());

    // A service whose organisation has no provider account: the Local Offer team is told.
    const auto orphan = add_service("Oak Club", add_organisation("Oak Group"));
    send({{"page", "/services/" + orphan.id}, {"kind", "problem"}, {"comment", "Wrong address"}});
    const auto after = outbox();
    ASSERT_EQ(after.size(), sent.size() + 1);
    EXPECT_EQ(after.front().message.to, "editor@example.org");
    EXPECT_TRUE(contains(after.front().message.body, "no service provider account"));
}

TEST_F(AdminFeedback, AnOlderReportDoesNotStopTheNextDaysEmail) {
    add_feedback("2020-01-01T09:00:00Z", "/services/" + service_b_.id, std::nullopt, "Old", true);
    add_user("beech@example.org", auth::Role::Provider, {org_b_});
    send({{"page", "/services/" + service_b_.id}, {"kind", "problem"}, {"comment", "Moved"}});
    const auto sent = store_->outbox().list(10, 0);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].message.to, "beech@example.org");
}

TEST_F(AdminFeedback, SignedOutPeopleAreSentToSignIn) {
    const auto id = send({{"page", "/advice"}, {"useful", "yes"}});
    EXPECT_EQ(get("/admin/feedback").header("Location"), "/admin/sign-in?next=%2Fadmin%2Ffeedback");
    EXPECT_EQ(get("/admin/feedback/" + id).status, 303);
    EXPECT_EQ(post("/admin/feedback/" + id, {{"state", "responded"}}).header("Location"),
              "/admin/sign-in");
}

TEST_F(AdminFeedback, AProviderSeesOnlyProblemsOnTheirOrganisationsServices) {
    const auto own_problem = send({{"page", "/services/" + service_a_.id},
                                   {"kind", "problem"},
                                   {"comment", "The phone number is wrong"}});
    const auto other_problem = send({{"page", "/services/" + service_b_.id},
                                     {"kind", "problem"},
                                     {"comment", "The pool has closed"}});
    const auto own_not_useful = send({{"page", "/services/" + service_a_.id}, {"useful", "no"}});
    const auto advice_comment =
        send({{"page", "/advice"}, {"kind", "no"}, {"comment", "Too much jargon"}});

    auto provider = sign_in("acorn@example.org");
    auto inbox = get("/admin/feedback", provider);
    ASSERT_EQ(inbox.status, 200);
    EXPECT_TRUE(contains(inbox.body, "1 message"));
    EXPECT_TRUE(contains(inbox.body, "The phone number is wrong"));
    EXPECT_TRUE(contains(inbox.body, "Acorn Playscheme"));
    EXPECT_FALSE(contains(inbox.body, "The pool has closed"));
    EXPECT_FALSE(contains(inbox.body, "Too much jargon"));
    EXPECT_EQ(get("/admin/feedback?state=new&kind=useful", provider).status, 200);

    const auto page = get("/admin/feedback/" + own_problem, provider);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "href=\"/services/" + service_a_.id + "\""));
    EXPECT_TRUE(contains(page.body, "Acorn Trust"));
    EXPECT_FALSE(contains(page.body, "Published on"));  // providers do not publish
    for (const auto& id : {other_problem, own_not_useful, advice_comment}) {
        EXPECT_EQ(get("/admin/feedback/" + id, provider).status, 404);
        auto form_page = get("/admin/feedback/" + own_problem, provider);
        const auto res = post("/admin/feedback/" + id,
                              {{"csrf_token", csrf_token_in(form_page.body)},
                               {"state", "responded"},
                               {"response", "Fixed"}},
                              provider);
        EXPECT_EQ(res.status, 404) << id;
    }
    EXPECT_EQ(store_->feedback_inbox().find(other_problem)->response.state,
              domain::FeedbackState::New);

    // Their own problem: they may respond, but not publish.
    auto res = submit("/admin/feedback/" + own_problem, "/admin/feedback/" + own_problem,
                      {{"state", "published"},
                       {"response", "We corrected the number."},
                       {"public_comment", "The phone number was wrong"},
                       {"theme", "wrong_information"},
                       {"personal_details_removed", "yes"}},
                      provider);
    EXPECT_EQ(res.status, 403);
    EXPECT_TRUE(contains(res.body, "Only Local Offer editors can publish feedback"));
    res = submit("/admin/feedback/" + own_problem, "/admin/feedback/" + own_problem,
                 {{"state", "responded"},
                  {"response", "We corrected the number."},
                  {"theme", "wrong_information"},
                  {"fixed", "yes"}},
                 provider);
    EXPECT_EQ(res.status, 303);
    const auto saved = store_->feedback_inbox().find(own_problem)->response;
    EXPECT_EQ(saved.state, domain::FeedbackState::Responded);
    EXPECT_EQ(saved.response, "We corrected the number.");
    EXPECT_TRUE(saved.fixed);
    EXPECT_EQ(saved.updated_by, "acorn@example.org");

    // The editor sees everything.
    auto editor = sign_in("editor@example.org");
    inbox = get("/admin/feedback", editor);
    EXPECT_TRUE(contains(inbox.body, "4 messages"));
    EXPECT_TRUE(contains(get("/admin/feedback?kind=problem", editor).body, "2 messages"));
    EXPECT_TRUE(contains(get("/admin/feedback?kind=not_useful", editor).body, "1 message"));
    EXPECT_TRUE(contains(get("/admin/feedback?state=responded", editor).body, "1 message"));
    EXPECT_TRUE(contains(get("/admin/feedback?state=new", editor).body, "3 messages"));
    EXPECT_TRUE(contains(get("/admin/feedback?page_path=%2Fadvice", editor).body, "1 message"));
}

TEST_F(AdminFeedback, PublishingNeedsPersonalDetailsRemovedAndIsAudited) {
    const auto id =
        send({{"page", "/advice"},
              {"kind", "no"},
              {"comment", "My son Tom Smith (tom@example.com) could not find short breaks"}});
    auto editor = sign_in("editor@example.org");
    const auto form_page = get("/admin/feedback/" + id, editor);
    // The public version starts as the scrubbed comment: contact details are already gone.
    EXPECT_TRUE(
        contains(form_page.body, "My son Tom Smith ([email removed]) could not find short breaks"));

    // Not confirmed: refused, nothing published.
    auto res = submit("/admin/feedback/" + id, "/admin/feedback/" + id,
                      {{"state", "published"},
                       {"response", "We added a short breaks page."},
                       {"public_comment", "My son Tom Smith could not find short breaks"},
                       {"theme", "finding_information"}},
                      editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body,
                         "Confirm you have removed names and anything else that could "
                         "identify someone"));
    // Contact details typed back in: refused.
    res = submit("/admin/feedback/" + id, "/admin/feedback/" + id,
                 {{"state", "published"},
                  {"response", "We added a short breaks page."},
                  {"public_comment", "Call 01865 123456 about short breaks"},
                  {"theme", "finding_information"},
                  {"personal_details_removed", "yes"}},
                 editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "still has an e-mail address or phone number in it"));
    EXPECT_FALSE(contains(get("/you-said-we-did").body, "short breaks page"));

    res = submit("/admin/feedback/" + id, "/admin/feedback/" + id,
                 {{"state", "published"},
                  {"response", "We added a short breaks page."},
                  {"public_comment", "A parent could not find short breaks"},
                  {"theme", "finding_information"},
                  {"personal_details_removed", "yes"}},
                 editor);
    EXPECT_EQ(res.status, 303);
    EXPECT_EQ(res.header("Location"), "/admin/feedback/" + id + "?saved=1");
    EXPECT_TRUE(contains(get("/admin/feedback/" + id + "?saved=1", editor).body,
                         "Your response has been saved."));

    const auto page = get("/you-said-we-did");
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "A parent could not find short breaks"));
    EXPECT_TRUE(contains(page.body, "We added a short breaks page."));
    EXPECT_FALSE(contains(page.body, "Tom Smith"));
    const auto audit = store_->audit().recent(5);
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit[0].action, "feedback_published");
    EXPECT_EQ(audit[0].subject, id);
    EXPECT_EQ(audit[0].actor_email, "editor@example.org");
}

TEST_F(AdminFeedback, RespondingIsAuditedAndNeedsAResponse) {
    const auto id = send({{"page", "/advice"}, {"kind", "no"}, {"comment", "Hard to read"}});
    auto editor = sign_in("editor@example.org");
    auto res = submit("/admin/feedback/" + id, "/admin/feedback/" + id,
                      {{"state", "responded"}, {"response", "  "}}, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "Write the response before marking it as responded"));
    res = submit("/admin/feedback/" + id, "/admin/feedback/" + id, {{"state", "bogus"}}, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "Choose what has happened to this feedback"));
    res =
        submit("/admin/feedback/" + id, "/admin/feedback/" + id,
               {{"state", "responded"}, {"response", "We rewrote it."}, {"theme", "accessibility"}},
               editor);
    EXPECT_EQ(res.status, 303);
    EXPECT_EQ(store_->audit().recent(1)[0].action, "feedback_responded");
    EXPECT_EQ(store_->audit().recent(1)[0].detail, "state responded, theme accessibility");
    // Responded is not published.
    EXPECT_FALSE(contains(get("/you-said-we-did").body, "We rewrote it."));
}

TEST_F(AdminFeedback, ThePublicPageGroupsByMonthNewestFirstWithAYearlySummary) {
    EXPECT_TRUE(contains(get("/you-said-we-did").body,
                         "We have not published any comments and responses yet."));

    const auto p1 = add_feedback("2025-03-04T10:00:00Z", "/services/" + service_a_.id, std::nullopt,
                                 "Phone wrong", true);
    const auto p2 =
        add_feedback("2026-02-10T10:00:00Z", "/advice", false, "No transport info", false);
    const auto p3 = add_feedback("2026-02-20T10:00:00Z", "/services/" + service_b_.id, std::nullopt,
                                 "Pool closed", true);
    add_feedback("2026-05-01T10:00:00Z", "/", true, "", false);
    add_feedback("2026-06-01T10:00:00Z", "/services/" + service_b_.id, std::nullopt, "Still closed",
                 true);
    publish(p1, "The phone number was wrong", "We corrected it", "wrong_information", true);
    publish(p2, "There was nothing about transport", "We wrote a transport page", "gaps");
    publish(p3, "The pool had closed", "The service is now shown as closed", "wrong_information",
            true);

    const auto body = get("/you-said-we-did").body;
    const auto feb = body.find(">February 2026</h3>");
    const auto mar = body.find(">March 2025</h3>");
    ASSERT_NE(feb, std::string::npos);
    ASSERT_NE(mar, std::string::npos);
    EXPECT_LT(feb, mar);
    EXPECT_EQ(body.find(">May 2026</h3>"), std::string::npos);  // nothing published that month
    // Within February, the newest comment first.
    EXPECT_LT(body.find("The pool had closed"), body.find("There was nothing about transport"));
    EXPECT_GT(body.find("There was nothing about transport"), feb);
    EXPECT_LT(body.find("There was nothing about transport"), mar);
    EXPECT_TRUE(contains(body, "Wrong or out-of-date information: Beech Swimming"));
    EXPECT_FALSE(contains(body, "Still closed"));

    const auto years = store_->feedback_inbox().yearly_summary();
    ASSERT_EQ(years.size(), 2u);
    EXPECT_EQ(years[0].year, 2026);
    EXPECT_EQ(years[0].received, 4);
    EXPECT_EQ(years[0].problems_reported, 2);
    EXPECT_EQ(years[0].problems_fixed, 1);
    EXPECT_EQ(years[0].published, 2);
    ASSERT_EQ(years[0].top_themes.size(), 2u);
    EXPECT_EQ(years[1].year, 2025);
    EXPECT_EQ(years[1].received, 1);
    EXPECT_EQ(years[1].problems_fixed, 1);
    const auto y2026 = body.find(">2026</h3>");
    ASSERT_NE(y2026, std::string::npos);
    EXPECT_LT(y2026, body.find(">2025</h3>"));
    EXPECT_TRUE(contains(body.substr(y2026, body.find(">2025</h3>") - y2026),
                         "Services that are missing: 1 comment"));
}

TEST_F(AdminFeedback, TheFooterAndThanksPageLinkToYouSaidWeDid) {
    EXPECT_TRUE(contains(get("/advice").body, "href=\"/you-said-we-did\">You said, we did</a>"));
    EXPECT_TRUE(contains(get("/feedback/thanks").body, "href=\"/you-said-we-did\""));
}

}  // namespace
}  // namespace lo::test
