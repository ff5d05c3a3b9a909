// The public "Was this page useful?" answers in SQLite (the editors' inbox over them is
// feedback_inbox.cpp).
#include "storage/sqlite/query.hpp"
#include "storage/sqlite/repositories.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char kInsertFeedback[] =
    "INSERT INTO feedback (id, created_at, page, useful, comment, problem) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char kListFeedback[] =
    "SELECT id, created_at, page, useful, comment, problem FROM feedback "
    "ORDER BY created_at DESC, id "
    "LIMIT ?1 OFFSET ?2";
constexpr const char kCountFeedback[] = "SELECT COUNT(*) FROM feedback";

domain::Feedback read_feedback(const Statement& st) {
    domain::Feedback f{st.text(0), st.text(1), st.text(2), std::nullopt, st.text(4), false};
    if (!st.is_null(3)) f.useful = st.integer(3) != 0;
    f.problem = st.integer(5) != 0;
    return f;
}

class FeedbackAnswers final : public FeedbackRepository {
public:
    explicit FeedbackAnswers(ConnectionSource& source) : source_(source) {}

    using FeedbackRepository::add;
    void add(const domain::Checked<domain::Feedback>& checked) override {
        const auto& f = *checked;
        // An unanswered "useful" is stored as NULL, not as "no".
        const auto useful = f.useful ? std::optional<int>(*f.useful ? 1 : 0) : std::nullopt;
        source_.with_write([&](Connection& c) {
            run(c, kInsertFeedback, f.id, f.created_at, f.page, useful, f.comment, f.problem);
        });
    }

    std::vector<domain::Feedback> list(Page page) override {
        return read(source_, [&](Connection& c) {
            return rows(c, kListFeedback, read_feedback, page.limit, page.offset);
        });
    }

    std::int64_t count() override {
        return read(source_, [](Connection& c) { return single_integer(c, kCountFeedback); });
    }

private:
    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<FeedbackRepository> make_feedback_repository(ConnectionSource& source) {
    return std::make_unique<FeedbackAnswers>(source);
}

}  // namespace lo::storage::sqlite
