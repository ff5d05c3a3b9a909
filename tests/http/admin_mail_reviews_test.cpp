// The outbox, "Forgot your password?", the review reminders and "This is still accurate" links,
// through the real route table and a real store (tests/http/admin_fixture.hpp). No SMTP server
// is configured here, so every message stays in the outbox, which is what the tests read.
#include "reviews/reviews.hpp"

#include <regex>

#include "admin_fixture.hpp"
#include "auth/crypto.hpp"
#include "domain/dates.hpp"
#include "mail/mailer.hpp"

namespace lo::test {
namespace {

using domain::Date;

class MailAndReviews : public AdminTest {
protected:
    // The token in the first link to `path` in a message body.
    static std::string token_in(const std::string& body, const std::string& path) {
        const std::regex re(path + R"(\?token=([0-9a-f]{64}))");
        std::smatch m;
        return std::regex_search(body, m, re) ? std::string(m[1]) : std::string();
    }

    std::vector<mail::OutboxEntry> outbox() { return store_->outbox().list(1000, 0); }

    domain::Service service_due(const std::string& name,
                                const std::string& org,
                                const std::string& last_checked,
                                const std::string& due) {
        auto s = add_service(name, org);
        s.last_checked = last_checked;
        s.review_due = due;
        store_->services().save(s);
        return *store_->services().find(s.id);
    }
    // Two services of the organisation checked 14 months ago, two months overdue.
    struct Overdue {
        std::string ago, due;
        domain::Service a, b;
    };
    Overdue two_overdue(const std::string& org) {
        const auto today = domain::today_utc();
        Overdue o{domain::to_string(domain::add_months(today, -14)),
                  domain::to_string(domain::add_months(today, -2)),
                  {},
                  {}};
        o.a = service_due("Overdue therapy", org, o.ago, o.due);
        o.b = service_due("Overdue club", org, o.ago, o.due);
        return o;
    }

    reviews::ReminderReport run(Date today, std::int64_t now = auth::now_seconds(), int weeks = 4) {
        mail::Mailer mailer(*store_, {});
        reviews::ReviewSettings settings;
        settings.escalation_weeks = weeks;
        settings.service_name = "SEND Local Offer";
        settings.contact_email = "localoffer@example.org.uk";
        return reviews::send_reminders(*store_, mailer, settings, today, now);
    }

    static Date day(const char* text) { return *domain::parse_date(text); }
};

// --- Forgot your password? -----------------------------------------------------------------

TEST_F(MailAndReviews, SignInPageOffersForgotPassword) {
    const auto page = get("/admin/sign-in");
    EXPECT_TRUE(contains(page.body, R"(href="/admin/forgot-password">Forgot your password?</a>)"));
}

TEST_F(MailAndReviews, ForgotPasswordGivesTheSameAnswerForAnUnknownAddress) {
    add_user("known@example.org", auth::Role::Editor);
    Browser a, b;
    const auto known = submit("/admin/forgot-password", "/admin/forgot-password",
                              {{"email", "known@example.org"}}, a);
    const auto unknown = submit("/admin/forgot-password", "/admin/forgot-password",
                                {{"email", "nobody@example.org"}}, b);
    EXPECT_EQ(known.status, 200);
    EXPECT_EQ(unknown.status, 200);
    const std::string answer = "we have sent a link to that address to choose a new password";
    EXPECT_TRUE(contains(known.body, "If an account uses known@example.org, " + answer));
    EXPECT_TRUE(contains(unknown.body, "If an account uses nobody@example.org, " + answer));
    // Only the real account gets a message, and the page never shows the link.
    const auto mails = outbox();
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].message.to, "known@example.org");
    EXPECT_EQ(mails[0].message.kind, "password_reset");
    const auto token = token_in(mails[0].message.body, "/admin/set-password");
    ASSERT_FALSE(token.empty());
    EXPECT_FALSE(contains(known.body, token));
}

TEST_F(MailAndReviews, TheMailedResetLinkWorksOnce) {
    add_user("known@example.org", auth::Role::Editor);
    Browser browser;
    submit("/admin/forgot-password", "/admin/forgot-password", {{"email", "Known@Example.org "}},
           browser);
    const auto token = token_in(outbox().at(0).message.body, "/admin/set-password");
    ASSERT_FALSE(token.empty());
    const std::string page = "/admin/set-password?token=" + token;
    const auto set = submit(page, "/admin/set-password",
                            {{"token", token},
                             {"password", "a brand new long password"},
                             {"password_confirmation", "a brand new long password"}},
                            browser);
    EXPECT_EQ(set.status, 303);
    sign_in("known@example.org", "a brand new long password");
    const auto again = get(page);
    EXPECT_EQ(again.status, 410);
    EXPECT_TRUE(contains(again.body, "This link has already been used"));
}

TEST_F(MailAndReviews, ForgotPasswordIsLimitedPerAddress) {
    add_user("known@example.org", auth::Role::Editor);
    for (int i = 0; i < 5; ++i) {
        Browser browser;
        const auto res = submit("/admin/forgot-password", "/admin/forgot-password",
                                {{"email", "known@example.org"}}, browser);
        EXPECT_EQ(res.status, 200);  // the same answer, limited or not
        EXPECT_TRUE(contains(res.body, "Check your e-mail"));
    }
    EXPECT_EQ(outbox().size(), 3u);
}

TEST_F(MailAndReviews, ForgotPasswordAsksForAnAddressAndAValidForm) {
    Browser browser;
    const auto blank = submit("/admin/forgot-password", "/admin/forgot-password",
                              {{"email", "not an address"}}, browser);
    EXPECT_EQ(blank.status, 422);
    EXPECT_TRUE(contains(blank.body, "Enter your e-mail address, like name@example.org"));
    const auto forged = post("/admin/forgot-password", {{"email", "a@example.org"}});
    EXPECT_EQ(forged.status, 403);
    EXPECT_TRUE(outbox().empty());
}

TEST_F(MailAndReviews, AnAdministratorCanEmailAResetLink) {
    add_user("admin@example.org", auth::Role::Admin);
    const auto editor = add_user("editor@example.org", auth::Role::Editor);
    auto admin = sign_in("admin@example.org");
    const auto res = submit("/admin/users/" + editor + "/edit",
                            "/admin/users/" + editor + "/reset-email", {}, admin);
    EXPECT_EQ(res.status, 201);
    EXPECT_TRUE(contains(res.body, "We have e-mailed editor@example.org a link"));
    const auto mails = outbox();
    ASSERT_EQ(mails.size(), 1u);
    const auto token = token_in(mails[0].message.body, "/admin/set-password");
    ASSERT_FALSE(token.empty());
    EXPECT_FALSE(contains(res.body, token));
    EXPECT_EQ(get("/admin/set-password?token=" + token).status, 200);
}

// --- The outbox ------------------------------------------------------------------------------

TEST_F(MailAndReviews, AdministratorsReadTheOutboxAndNobodyElseDoes) {
    add_user("admin@example.org", auth::Role::Admin);
    add_user("editor@example.org", auth::Role::Editor);
    const auto id = store_->outbox().add({"someone@example.org", "Hello & welcome",
                                          "Line one\nhttps://x.example/?token=abc", "test"},
                                         auth::now_seconds());
    auto admin = sign_in("admin@example.org");
    const auto list = get("/admin/outbox", admin);
    EXPECT_EQ(list.status, 200);
    EXPECT_TRUE(contains(list.body, "No mail server is set up, so nothing is sent"));
    EXPECT_TRUE(contains(list.body, "Hello &amp; welcome"));
    EXPECT_TRUE(contains(list.body, "someone@example.org"));
    const auto one = get("/admin/outbox/" + std::to_string(id), admin);
    EXPECT_EQ(one.status, 200);
    EXPECT_TRUE(contains(one.body, "https://x.example/?token=abc"));
    EXPECT_EQ(one.header("Cache-Control"), "no-store");
    EXPECT_EQ(get("/admin/outbox/999", admin).status, 404);
    EXPECT_EQ(get("/admin/outbox/x1", admin).status, 404);
    auto editor = sign_in("editor@example.org");
    EXPECT_EQ(get("/admin/outbox", editor).status, 403);
    EXPECT_EQ(get("/admin/outbox/" + std::to_string(id), editor).status, 403);
}

// --- Review reminders ------------------------------------------------------------------------

TEST_F(MailAndReviews, RemindersGoToTheOrganisationsProvidersOnce) {
    const auto org = add_organisation("Riverside Trust");
    const auto other = add_organisation("Hilltop Charity");
    add_user("provider@example.org", auth::Role::Provider, {org});
    add_user("elsewhere@example.org", auth::Role::Provider, {other});
    service_due("Speech therapy", org, "2025-12-10", "2026-12-10");
    service_due("Not due yet", org, "2026-06-01", "2027-06-01");
    const auto today = day("2026-11-23");

    const auto first = run(today);
    EXPECT_EQ(first.reminded_services, 1);
    EXPECT_EQ(first.reminder_messages, 1);
    auto mails = outbox();
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].message.to, "provider@example.org");
    EXPECT_EQ(mails[0].message.subject, "Please check your SEND Local Offer entry: Speech therapy");
    EXPECT_TRUE(contains(mails[0].message.body, "is due to be checked by 10 December 2026"));
    EXPECT_FALSE(token_in(mails[0].message.body, "/still-accurate").empty());

    // The next day's run, and another run the same day, send nothing more.
    EXPECT_EQ(run(today).reminder_messages, 0);
    EXPECT_EQ(run(day("2026-11-24")).reminder_messages, 0);
    EXPECT_EQ(outbox().size(), 1u);
}

TEST_F(MailAndReviews, EditorsAreToldOnceAReviewIsTheConfiguredWeeksOverdue) {
    const auto org = add_organisation("Riverside Trust");
    add_user("provider@example.org", auth::Role::Provider, {org});
    add_user("editor@example.org", auth::Role::Editor);
    service_due("Speech therapy", org, "2025-10-01", "2026-10-01");

    // 3 weeks overdue: the provider is reminded, the editors not yet.
    auto report = run(day("2026-10-22"));
    EXPECT_EQ(report.reminder_messages, 1);
    EXPECT_EQ(report.escalated_services, 0);
    // 4 weeks overdue: the editors are told, once.
    report = run(day("2026-10-29"));
    EXPECT_EQ(report.reminder_messages, 0);
    EXPECT_EQ(report.escalated_services, 1);
    EXPECT_EQ(report.escalation_messages, 1);
    EXPECT_EQ(run(day("2026-10-30")).escalated_services, 0);

    const auto mails = outbox();
    ASSERT_EQ(mails.size(), 2u);
    EXPECT_EQ(mails[0].message.to, "editor@example.org");  // newest first
    EXPECT_EQ(mails[0].message.subject, "1 Local Offer service is overdue for review");
    EXPECT_TRUE(contains(mails[0].message.body,
                         "- Speech therapy (Riverside Trust): due on 1 October 2026."));
    EXPECT_TRUE(contains(mails[0].message.body, "more than 4 weeks past their review date"));
}

// Issue 18: a reminder (or a digest) that had nobody to go to was recorded as sent, so none
// followed for the rest of the period. Now it waits until someone can receive it.
TEST_F(MailAndReviews, ARemindingWithNobodyToTellWaitsForAnAccountInsteadOfBeingRecorded) {
    const auto org = add_organisation("Riverside Trust");
    service_due("Speech therapy", org, "2025-10-01", "2026-10-01");

    auto report = run(day("2026-09-20"));
    EXPECT_EQ(report.without_providers, 1);
    EXPECT_EQ(report.reminder_messages, 0);
    EXPECT_EQ(run(day("2026-09-21")).without_providers, 1) << "still counted the next day";
    EXPECT_EQ(run(day("2026-10-29")).escalation_messages, 0) << "no editor yet either";
    EXPECT_TRUE(outbox().empty());

    add_user("provider@example.org", auth::Role::Provider, {org});
    add_user("editor@example.org", auth::Role::Editor);
    report = run(day("2026-10-30"));
    EXPECT_EQ(report.reminder_messages, 1) << "the provider gets the period's reminder";
    EXPECT_EQ(report.escalation_messages, 1) << "the editors get the digest";
    EXPECT_EQ(outbox().size(), 2u);
    EXPECT_EQ(run(day("2026-10-31")).reminder_messages, 0) << "and only once";
}

TEST_F(MailAndReviews, EscalationWaitsForTheConfiguredNumberOfWeeks) {
    const auto org = add_organisation("Riverside Trust");
    add_user("editor@example.org", auth::Role::Editor);
    service_due("Speech therapy", org, "2025-10-01", "2026-10-01");
    EXPECT_EQ(run(day("2026-10-29"), auth::now_seconds(), 8).escalated_services, 0);
    EXPECT_EQ(run(day("2026-11-26"), auth::now_seconds(), 8).escalated_services, 1);
}

// --- "This is still accurate" ----------------------------------------------------------------

class StillAccurate : public MailAndReviews {
protected:
    void SetUp() override {
        org_ = add_organisation("Riverside Trust");
        add_user("provider@example.org", auth::Role::Provider, {org_});
        service_ = service_due("Speech therapy", org_, "2025-10-01", "2026-10-01").id;
    }
    std::string remind(std::int64_t now = auth::now_seconds()) {
        run(domain::today_utc(), now);
        return token_in(outbox().at(0).message.body, "/still-accurate");
    }
    std::string org_;
    std::string service_;
};

TEST_F(StillAccurate, OpeningTheLinkChangesNothing) {
    const auto token = remind();
    const auto before = *store_->services().find(service_);
    const auto page = get("/still-accurate?token=" + token);
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Is this entry still accurate?"));
    EXPECT_TRUE(contains(page.body, "Speech therapy"));
    EXPECT_TRUE(contains(page.body, ">This is still accurate</button>"));
    EXPECT_EQ(page.header("Cache-Control"), "no-store");
    EXPECT_EQ(page.header("Referrer-Policy"), "no-referrer");
    get("/still-accurate?token=" + token);
    EXPECT_EQ(*store_->services().find(service_), before);
}

TEST_F(StillAccurate, PressingTheButtonRecordsTheCheckOnce) {
    const auto token = remind();
    const auto today = domain::today_utc();
    const auto done = post("/still-accurate", {{"token", token}});
    EXPECT_EQ(done.status, 200);
    EXPECT_TRUE(contains(done.body, "Speech therapy was checked on " + domain::long_date(today)));
    const auto s = *store_->services().find(service_);
    EXPECT_EQ(s.last_checked, domain::to_string(today));
    EXPECT_EQ(s.review_due, domain::to_string(domain::add_months(today, 12)));
    const auto audit = store_->audit().recent(5);
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit[0].action, "service_checked");
    EXPECT_EQ(audit[0].subject, service_);
    EXPECT_EQ(audit[0].actor_email, "provider@example.org");

    // Used: a second press, and the link itself.
    const auto again = post("/still-accurate", {{"token", token}});
    EXPECT_EQ(again.status, 410);
    EXPECT_TRUE(contains(again.body, "This entry has already been checked"));
    EXPECT_EQ(get("/still-accurate?token=" + token).status, 410);
    // The public page shows the new date.
    const auto page = get("/services/" + service_);
    EXPECT_TRUE(contains(page.body, "Last checked: " + domain::long_date(today)));
    EXPECT_FALSE(contains(page.body, "This information may be out of date"));
}

TEST_F(StillAccurate, AnExpiredLinkSaysWhatToDo) {
    const auto token = remind(auth::now_seconds() - 31 * 24 * 60 * 60);
    for (const auto& res :
         {get("/still-accurate?token=" + token), post("/still-accurate", {{"token", token}})}) {
        EXPECT_EQ(res.status, 410);
        EXPECT_TRUE(contains(res.body, "This link has expired"));
        EXPECT_TRUE(contains(res.body, "sign in to the admin and open Reviews"));
        EXPECT_TRUE(contains(res.body, "localoffer@example.org.uk"));
    }
    EXPECT_EQ(store_->services().find(service_)->last_checked, "2025-10-01");
}

TEST_F(StillAccurate, ATamperedLinkIsNotRight) {
    auto token = remind();
    token[10] = token[10] == 'a' ? 'b' : 'a';
    for (const auto& target : {"/still-accurate?token=" + token, std::string("/still-accurate"),
                               std::string("/still-accurate?token=%00")}) {
        const auto res = get(target);
        EXPECT_EQ(res.status, 404) << target;
        EXPECT_TRUE(contains(res.body, "This link is not right"));
    }
    EXPECT_EQ(post("/still-accurate", {{"token", token}}).status, 404);
    EXPECT_EQ(store_->services().find(service_)->last_checked, "2025-10-01");
}

TEST_F(StillAccurate, ALinkStopsWorkingOnceTheServiceIsCheckedAnotherWay) {
    const auto token = remind();
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto res =
        submit("/admin/reviews", "/admin/reviews/" + service_ + "/checked", {}, editor);
    EXPECT_EQ(res.status, 303);
    EXPECT_EQ(get("/still-accurate?token=" + token).status, 410);
}

// --- The reviews dashboard -------------------------------------------------------------------

TEST_F(MailAndReviews, TheDashboardGroupsDueReviewsByOrganisation) {
    const auto riverside = add_organisation("Riverside Trust");
    const auto hilltop = add_organisation("Hilltop Charity");
    const auto today = domain::today_utc();
    const auto in = [&](int months) {
        return domain::to_string(domain::add_months(today, months));
    };
    service_due("Overdue therapy", riverside, in(-14), in(-2));
    service_due("Soon club", riverside, in(-11), domain::to_string(domain::add_months(today, 0)));
    service_due("Far away", riverside, in(-1), in(11));
    service_due("Hilltop overdue", hilltop, in(-13), in(-1));
    add_user("editor@example.org", auth::Role::Editor);
    add_user("provider@example.org", auth::Role::Provider, {riverside});

    auto editor = sign_in("editor@example.org");
    const auto all = get("/admin/reviews", editor);
    EXPECT_EQ(all.status, 200);
    EXPECT_TRUE(contains(all.body, "2 services are overdue."));
    EXPECT_TRUE(contains(all.body, "1 service is due in the next 30 days."));
    EXPECT_TRUE(contains(
        all.body, "Riverside Trust <span class=\"govuk-caption-m\">1 overdue, 1 due soon</span>"));
    EXPECT_TRUE(contains(
        all.body,
        "Hilltop Charity <span class=\"govuk-caption-m\">1 overdue, none due soon</span>"));
    EXPECT_TRUE(contains(all.body, "Hilltop overdue"));
    EXPECT_FALSE(contains(all.body, "Far away"));

    auto provider = sign_in("provider@example.org");
    const auto mine = get("/admin/reviews", provider);
    EXPECT_EQ(mine.status, 200);
    EXPECT_TRUE(contains(mine.body, "Overdue therapy"));
    EXPECT_FALSE(contains(mine.body, "Hilltop"));
    // A provider cannot record a check for another organisation's service.
    const auto hilltop_service =
        store_->services()
            .list({.organisation_id = hilltop, .only_published = false}, {10, 0})
            .at(0);
    const auto refused =
        submit("/admin/reviews", "/admin/reviews/" + hilltop_service.id + "/checked", {}, provider);
    EXPECT_EQ(refused.status, 404);
}

// Issue 18, bulk actions: several services recorded as still accurate at once; a provider's
// list that holds another organisation's service is refused whole, and nothing is recorded.
TEST_F(MailAndReviews, SeveralServicesAreMarkedStillAccurateAtOnce) {
    const auto riverside = add_organisation("Riverside Trust");
    const auto hilltop = add_organisation("Hilltop Charity");
    const auto today = domain::today_utc();
    const auto [ago, due, a, b] = two_overdue(riverside);
    const auto other = service_due("Hilltop overdue", hilltop, ago, due);
    add_user("provider@example.org", auth::Role::Provider, {riverside});
    auto provider = sign_in("provider@example.org");
    const auto page = get("/admin/reviews", provider);
    EXPECT_TRUE(contains(page.body, "Mark selected as still accurate"));
    EXPECT_TRUE(contains(page.body, "form=\"checked-selected\""));

    auto res = submit("/admin/reviews", "/admin/reviews/checked",
                      {{"ids", a.id}, {"ids", other.id}}, provider);
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(store_->services().find(a.id)->last_checked, ago) << "refused whole";
    EXPECT_EQ(store_->services().find(other.id)->last_checked, ago);

    res = submit("/admin/reviews", "/admin/reviews/checked", {{"ids", a.id}, {"ids", b.id}},
                 provider);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_TRUE(contains(get(std::string(res.header("Location")), provider).body,
                         "Recorded that 2 services were checked today."));
    for (const auto& id : {a.id, b.id}) {
        const auto s = *store_->services().find(id);
        EXPECT_EQ(s.last_checked, domain::to_string(today));
        EXPECT_GT(s.review_due, domain::to_string(today));
    }
    EXPECT_EQ(store_->services().find(other.id)->last_checked, ago);
}

// Issue 18, bulk work: the next review date set for several services at once, each with a
// version and an audit entry; a date that is not real or is past is refused and nothing changes.
TEST_F(MailAndReviews, TheNextReviewDateIsSetForSeveralServicesAtOnce) {
    const auto today = domain::today_utc();
    const auto [ago, due, a, b] = two_overdue(add_organisation("Riverside Trust"));
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto next = domain::add_months(today, 3);
    const auto date = [](int d, int m, int y) {
        return Form{{"review_due-day", std::to_string(d)},
                    {"review_due-month", std::to_string(m)},
                    {"review_due-year", std::to_string(y)}};
    };
    const auto post_with = [&](Form extra) {
        Form f{{"ids", a.id}, {"ids", b.id}, {"action", "review_date"}};
        f.insert(f.end(), extra.begin(), extra.end());
        return submit("/admin/reviews", "/admin/reviews/checked", f, editor);
    };
    auto res = post_with(date(31, 2, next.year + 1));
    ASSERT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body,
                         "The next review date must be a real date with a day, month "
                         "and year, for example 31 3 2026"));
    EXPECT_TRUE(contains(res.body, "value=\"31\""));
    res = post_with(date(1, 1, 2020));
    ASSERT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "The next review date must be today or later"));
    EXPECT_EQ(store_->services().find(a.id)->review_due, due) << "nothing changed";

    res = post_with(date(next.day, next.month, next.year));
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_TRUE(contains(get(std::string(res.header("Location")), editor).body,
                         "Set the next review date of 2 services."));
    for (const auto& id : {a.id, b.id}) {
        EXPECT_EQ(store_->services().find(id)->review_due, domain::to_string(next));
        EXPECT_EQ(store_->services().find(id)->last_checked, ago) << "not a check";
        const auto versions = store_->service_versions().list(id);
        ASSERT_FALSE(versions.empty());
        EXPECT_EQ(versions[0].changed_fields, std::vector<std::string>{"review_due"});
    }
    EXPECT_EQ(store_->audit().recent(1).at(0).action, "review_date_set");
}

TEST_F(MailAndReviews, EditingLastCheckedMovesTheReviewDateOn) {
    const auto org = add_organisation("Riverside Trust");
    auto s = service_due("Speech therapy", org, "2025-10-01", "2026-10-01");
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    site_.review_months = 6;
    const auto page = get("/admin/services/" + s.id + "/edit", editor);
    ASSERT_EQ(page.status, 200);
    Form form = {{"name", s.name},
                 {"organisation_id", org},
                 {"status", "active"},
                 {"summary", "A summary."},
                 {"last_checked", "2026-11-01"}};
    const auto res =
        submit("/admin/services/" + s.id + "/edit", "/admin/services/" + s.id, form, editor);
    EXPECT_EQ(res.status, 303) << res.body.substr(0, 3000);
    EXPECT_EQ(store_->services().find(s.id)->review_due, "2027-05-01");
}

TEST_F(MailAndReviews, NoTokensInTheLogs) {
    testing::internal::CaptureStderr();
    testing::internal::CaptureStdout();
    const auto org = add_organisation("Riverside Trust");
    add_user("provider@example.org", auth::Role::Provider, {org});
    service_due("Speech therapy", org, "2025-10-01", "2026-10-01");
    run(domain::today_utc());
    Browser browser;
    submit("/admin/forgot-password", "/admin/forgot-password", {{"email", "provider@example.org"}},
           browser);
    std::vector<std::string> tokens;
    for (const auto& m : outbox()) {
        tokens.push_back(token_in(m.message.body, "/still-accurate"));
        tokens.push_back(token_in(m.message.body, "/admin/set-password"));
    }
    for (const auto& t : tokens)
        if (!t.empty()) {
            get("/still-accurate?token=" + t);
            post("/still-accurate", {{"token", t}});
        }
    const auto logged =
        testing::internal::GetCapturedStderr() + testing::internal::GetCapturedStdout();
    for (const auto& t : tokens)
        if (!t.empty()) {
            EXPECT_FALSE(contains(logged, t));
            EXPECT_FALSE(contains(logged, auth::hash_token(t)));
        }
}

}  // namespace
}  // namespace lo::test
