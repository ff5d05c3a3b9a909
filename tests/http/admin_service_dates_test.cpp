// The dates that run the directory (issue 18, item 6) through the handlers: the service form's
// start, end and reopening dates with their errors, providers' dates going through moderation,
// and what families and the Open Referral feed see on the UK day (Europe/London).
#include "admin_fixture.hpp"

#include <nlohmann/json.hpp>

#include "auth/crypto.hpp"
#include "domain/dates.hpp"
#include "mail/mailer.hpp"
#include "reviews/reviews.hpp"

namespace lo::test {
namespace {

// Today (UK) moved by offset days, as a stored date and as the form's three boxes.
domain::Date uk_day(int offset) {
    return domain::add_days(domain::today_uk(), offset);
}

void add_boxes(Form& f, const std::string& name, const domain::Date& d) {
    f.push_back({name + "-day", std::to_string(d.day)});
    f.push_back({name + "-month", std::to_string(d.month)});
    f.push_back({name + "-year", std::to_string(d.year)});
}

class AdminServiceDates : public AdminTest {
protected:
    AdminServiceDates() {
        oxford_ = add_organisation("Oxford Children's Health");
        therapy_ = add_service("Speech and language therapy", oxford_);
        add_user("editor@example.org", auth::Role::Editor);
        add_user("provider@example.org", auth::Role::Provider, {oxford_});
    }

    Form fields(const std::string& status) {
        return {{"name", therapy_.name},
                {"organisation_id", oxford_},
                {"status", status},
                {"summary", therapy_.summary},
                {"closed_reason", ""}};
    }

    http::Response save(Form f, Browser& who) {
        const auto url = "/admin/services/" + therapy_.id;
        return submit(url + "/edit", url, std::move(f), who);
    }

    // The daily reminder run on a given day; returns the notes before an end date in the outbox.
    std::vector<mail::OutboxEntry> run_reminders(domain::Date today) {
        mail::Mailer mailer(*store_, {});
        reviews::ReviewSettings settings;
        settings.service_name = "SEND Local Offer";
        settings.end_notice_days = 14;
        reviews::send_reminders(*store_, mailer, settings, today, auth::now_seconds());
        std::vector<mail::OutboxEntry> out;
        for (const auto& e : store_->outbox().list(1000, 0))
            if (e.message.kind == "service_ending") out.push_back(e);
        return out;
    }

    std::string oxford_;
    domain::Service therapy_;
};

TEST_F(AdminServiceDates, AnEditorPublishesStartAndEndDatesDirectly) {
    auto editor = sign_in("editor@example.org");
    auto f = fields("active");
    add_boxes(f, "start_date", {2027, 9, 1});
    add_boxes(f, "end_date", {2028, 3, 31});
    const auto res = save(f, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto s = store_->services().find(therapy_.id);
    EXPECT_EQ(s->start_date, "2027-09-01");
    EXPECT_EQ(s->end_date, "2028-03-31");
    const auto form = get("/admin/services/" + therapy_.id + "/edit", editor).body;
    EXPECT_TRUE(contains(form,
                         "name=\"end_date-year\" type=\"text\" inputmode=\"numeric\" "
                         "value=\"2028\""));
}

TEST_F(AdminServiceDates, AnEndBeforeTheStartIsShownInTheErrorSummary) {
    auto editor = sign_in("editor@example.org");
    auto f = fields("active");
    add_boxes(f, "start_date", {2027, 9, 1});
    add_boxes(f, "end_date", {2027, 8, 31});
    const auto res = save(f, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "href=\"#end_date\""));
    EXPECT_TRUE(contains(res.body, "The end date must be the same as or after the start date"));
    EXPECT_TRUE(store_->services().find(therapy_.id)->end_date.empty()) << "nothing saved";
}

TEST_F(AdminServiceDates, AReopeningDateMustBeInTheFuture) {
    auto editor = sign_in("editor@example.org");
    auto f = fields("temporarily closed");
    f.back().second = "The building is being repaired";
    add_boxes(f, "reopening_date", uk_day(0));
    auto res = save(f, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "href=\"#reopening_date\""));
    EXPECT_TRUE(contains(res.body, "The reopening date must be in the future"));

    f = fields("temporarily closed");
    f.back().second = "The building is being repaired";
    add_boxes(f, "reopening_date", uk_day(1));
    res = save(f, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    const auto s = store_->services().find(therapy_.id);
    EXPECT_EQ(s->closed_reason, "The building is being repaired");
    EXPECT_EQ(s->reopening_date, domain::to_string(uk_day(1)));
}

TEST_F(AdminServiceDates, AProvidersDatesWaitForApproval) {
    auto provider = sign_in("provider@example.org");
    auto f = fields("active");
    add_boxes(f, "end_date", {2028, 3, 31});
    f.push_back({"intent", "submit"});
    const auto res = save(f, provider);
    ASSERT_EQ(res.status, 303) << res.body;
    const std::string location(res.header("Location"));
    EXPECT_TRUE(location.ends_with("?kept=submitted")) << location;
    EXPECT_TRUE(store_->services().find(therapy_.id)->end_date.empty()) << "not published";
    auto editor = sign_in("editor@example.org");
    const auto page = get(location.substr(0, location.find('?')), editor).body;
    EXPECT_TRUE(contains(page, "End date"));
    EXPECT_TRUE(contains(page, "2028-03-31"));
}

TEST_F(AdminServiceDates, FamiliesSeeAClosureNearTheTopOfThePageUntilItReopens) {
    auto s = *store_->services().find(therapy_.id);
    s.status = domain::ServiceStatus::TemporarilyClosed;
    s.closed_reason = "The building is being repaired";
    s.reopening_date = domain::to_string(uk_day(1));
    store_->services().save(s);
    auto page = get("/services/" + s.id).body;
    const auto notice = page.find("Closed until " + domain::long_date(uk_day(1)) +
                                  ": The building is being repaired");
    ASSERT_NE(notice, std::string::npos);
    EXPECT_LT(notice, page.find("<h1"));

    s.reopening_date = domain::to_string(uk_day(0));  // reopens today: open with no edit
    store_->services().save(s);
    page = get("/services/" + s.id).body;
    EXPECT_FALSE(contains(page, "Closed until"));
    EXPECT_FALSE(contains(page, "temporarily closed"));
}

TEST_F(AdminServiceDates, AServiceThatEndedLeavesTheListsAndTheFeed) {
    auto s = *store_->services().find(therapy_.id);
    s.end_date = domain::to_string(uk_day(0));  // its last day: still listed
    store_->services().save(s);
    EXPECT_TRUE(contains(get("/sitemap.xml").body, s.id));
    auto feed = nlohmann::json::parse(get("/openreferral/services").body);
    EXPECT_EQ(feed["total_items"], 1);

    s.end_date = domain::to_string(uk_day(-1));
    store_->services().save(s);
    EXPECT_FALSE(contains(get("/sitemap.xml").body, s.id));
    feed = nlohmann::json::parse(get("/openreferral/services").body);
    EXPECT_EQ(feed["total_items"], 0);
    const auto page = get("/services/" + s.id).body;
    EXPECT_TRUE(contains(page, "This service ended on " + domain::long_date(uk_day(-1))));
    const auto record = nlohmann::json::parse(get("/openreferral/services/" + s.id).body);
    EXPECT_EQ(record["status"], "inactive");
    EXPECT_EQ(record["end_date"], domain::to_string(uk_day(-1)));
}

TEST_F(AdminServiceDates, TheFeedShowsAClosureAsTemporarilyClosedWithItsReason) {
    auto s = *store_->services().find(therapy_.id);
    s.status = domain::ServiceStatus::TemporarilyClosed;
    s.closed_reason = "Staff training";
    s.reopening_date = domain::to_string(uk_day(3));
    store_->services().save(s);
    const auto record = nlohmann::json::parse(get("/openreferral/services/" + s.id).body);
    EXPECT_EQ(record["status"], "temporarily closed");
    EXPECT_EQ(record["alert"], "Closed until " + domain::long_date(uk_day(3)) + ": Staff training");
}

TEST_F(AdminServiceDates, ProvidersAreToldOnceBeforeTheEndDate) {
    auto s = *store_->services().find(therapy_.id);
    s.end_date = "2027-03-31";
    store_->services().save(s);
    EXPECT_TRUE(run_reminders({2027, 3, 16}).empty()) << "15 days before: not yet";
    auto notes = run_reminders({2027, 3, 17});
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].message.to, "provider@example.org");
    EXPECT_TRUE(contains(notes[0].message.body,
                         "Speech and language therapy will be taken off the SEND Local Offer on "
                         "1 April 2027"));
    EXPECT_TRUE(contains(notes[0].message.body, "If it is carrying on, change the end date"));
    EXPECT_EQ(run_reminders({2027, 3, 18}).size(), 1u) << "once per end date";

    s.end_date = "2027-04-30";  // carried on: the new end date gets its own note
    store_->services().save(s);
    EXPECT_EQ(run_reminders({2027, 3, 19}).size(), 1u);
    EXPECT_EQ(run_reminders({2027, 4, 20}).size(), 2u);
}

}  // namespace
}  // namespace lo::test
