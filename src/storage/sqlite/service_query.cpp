// The Open Referral API's service lists in SQLite (storage/sqlite/service_query.hpp).
#include "storage/sqlite/service_query.hpp"

#include <variant>

#include "storage/sqlite/query.hpp"
#include "storage/sqlite/schema.hpp"

namespace lo::storage::sqlite {

// The Open Referral API's service query (storage::ServiceQuery) as SQL that holds only the
// conditions the query uses. With no filters the list is a walk of services_by_name (name, id,
// status: migration 0011) and the count a scan of that index alone, never of the rows with their
// long descriptions; a constant SQL text with "?n = '' OR ..." for every optional filter made
// SQLite read every row (bench/README.md, "Import and the Open Referral API"). Values are always
// bound, never written into the text, so the set of texts is small and each is prepared once.
class ServiceQuerySql {
public:
    // services_at_locations: the rows are service_at_locations (alias sal) joined to services,
    // and a location filter applies to the row's own location.
    ServiceQuerySql(const ServiceQuery& q, bool service_at_locations) {
        if (!q.term_id.empty()) {
            with_ = "WITH RECURSIVE sub(id) AS (SELECT ?" + next(q.term_id) +
                    " UNION SELECT t.id FROM taxonomy_terms t JOIN sub ON t.parent_id = sub.id) ";
            where(
                "s.id IN (SELECT st.service_id FROM service_taxonomy_terms st "
                "WHERE st.term_id IN sub)");
        }
        if (!q.organisation_id.empty()) where("s.organisation_id = ?" + next(q.organisation_id));
        if (!q.include_defunct) {
            // The feed's lists leave out a service outside its dates, as they leave out a
            // defunct one; its own record says "inactive" (docs/oruk.md, "Dates").
            const auto day = next(listing_day());
            where("s.status <> 'defunct' AND (s.start_date = '' OR s.start_date <= ?" + day +
                  ") AND (s.end_date = '' OR s.end_date >= ?" + day + ")");
        }
        if (!q.taxonomy_id.empty())
            where(
                "EXISTS (SELECT 1 FROM service_taxonomy_terms st JOIN taxonomy_terms t "
                "ON t.id = st.term_id WHERE st.service_id = s.id AND t.taxonomy_id = ?" +
                next(q.taxonomy_id) + ")");
        // Every word of the search, lowercased (ASCII), somewhere in the name, summary or
        // description. The words are split by a recursive CTE, so any number of them is one
        // SQL text. A search reads every row anyway.
        if (const auto words = search_words(q.search); !words.empty()) {
            with_ += with_.empty() ? "WITH RECURSIVE " : ", ";
            with_ += "words(w, rest) AS (SELECT '', ?" + next(words + " ") +
                     " UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1), "
                     "substr(rest, instr(rest, ' ') + 1) FROM words WHERE rest <> '') ";
            where(
                "NOT EXISTS (SELECT 1 FROM words WHERE w <> '' AND instr(lower(s.name || ' ' "
                "|| s.summary || ' ' || s.description), w) = 0)");
        }
        if (!q.modified_after.empty())
            where("julianday(s.last_modified) >= julianday(?" + next(q.modified_after) + ")");
        if (q.minimum_age) where("s.min_age >= ?" + next(*q.minimum_age));
        if (q.maximum_age) where("s.max_age <= ?" + next(*q.maximum_age));
        if (q.age) {
            const auto n = next(*q.age);
            where("(s.min_age IS NULL OR s.min_age <= ?" + n + ") AND (s.max_age IS NULL OR " +
                  "s.max_age >= ?" + n + ")");
        }
        if (q.restrict_to_locations || !q.location_ids.empty()) {
            if (q.location_ids.empty()) {
                where("0");  // a place nobody is at: nothing matches
            } else {
                const std::string in =
                    " IN (SELECT value FROM json_each(?" + next(json_array(q.location_ids)) + "))";
                by_location_ = true;
                if (service_at_locations)
                    where("sal.location_id" + in);
                else  // IN, not a correlated EXISTS: the list is read once, not per service
                    where(
                        "s.id IN (SELECT x.service_id FROM service_at_locations x WHERE "
                        "x.location_id" +
                        in + ")");
            }
        }
    }

    // "WITH ... SELECT <columns> FROM <from> WHERE ...".
    std::string text(const std::string& select_from) const {
        return with_ + select_from + (where_.empty() ? "" : " WHERE " + where_);
    }
    // The same in that order, one page of it: LIMIT and OFFSET are the last two parameters,
    // which bind(st, page) fills.
    std::string paged_text(const std::string& select_from, const std::string& order_by) const {
        const auto n = static_cast<int>(values_.size()) + 1;
        return text(select_from) + " ORDER BY " + order_by + " LIMIT ?" + std::to_string(n) +
               " OFFSET ?" + std::to_string(n + 1);
    }
    // service_at_locations rows: FROM and JOIN. Without a place, walk services in name order
    // (services_by_name) and each one's places, rather than every place and then its service
    // (CROSS JOIN fixes that order); with places, start from them (their location index).
    std::string service_at_locations_from() const {
        return by_location_ ? "service_at_locations sal JOIN services s ON s.id = sal.service_id"
                            : "services s CROSS JOIN service_at_locations sal "
                              "ON sal.service_id = s.id";
    }
    // The SQL text and every bound value, each length-prefixed: equal keys, equal answers.
    std::string key(const std::string& text) const {
        std::string out = std::to_string(text.size()) + ':' + text;
        for (const auto& v : values_) {
            const auto part = std::holds_alternative<std::string>(v)
                                  ? 's' + std::get<std::string>(v)
                                  : 'i' + std::to_string(std::get<std::int64_t>(v));
            out += std::to_string(part.size()) + ':' + part;
        }
        return out;
    }
    void bind(Statement& st, Page page) const {
        bind(st);
        const auto n = static_cast<int>(values_.size()) + 1;
        st.bind(n, page.limit).bind(n + 1, page.offset);
    }
    void bind(Statement& st) const {
        for (std::size_t i = 0; i < values_.size(); ++i) {
            const int index = static_cast<int>(i) + 1;
            if (const auto* text = std::get_if<std::string>(&values_[i]))
                st.bind(index, *text);
            else
                st.bind(index, std::get<std::int64_t>(values_[i]));
        }
    }

private:
    std::string next(std::string value) {
        values_.emplace_back(std::move(value));
        return std::to_string(values_.size());
    }
    std::string next(std::int64_t value) {
        values_.emplace_back(value);
        return std::to_string(values_.size());
    }
    void where(const std::string& condition) {
        if (!where_.empty()) where_ += " AND ";
        where_ += condition;
    }

    // The search's words, ASCII-lowercased, separated by single spaces.
    static std::string search_words(const std::string& search) {
        std::string words;
        for (char c : search) {
            const auto u = static_cast<unsigned char>(c);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (!words.empty() && words.back() != ' ') words.push_back(' ');
            } else {
                words.push_back((u >= 'A' && u <= 'Z') ? static_cast<char>(u - 'A' + 'a') : c);
            }
        }
        while (!words.empty() && words.back() == ' ') words.pop_back();
        return words;
    }

    static std::string json_array(const std::vector<std::string>& values) {
        std::string out = "[";
        for (const auto& v : values) {
            if (out.size() > 1) out += ',';
            out += '"';
            for (char c : v) {
                if (c == '"' || c == '\\') out += '\\';
                if (static_cast<unsigned char>(c) < 0x20) continue;  // ids never hold these
                out += c;
            }
            out += '"';
        }
        return out + "]";
    }

    std::string with_;
    std::string where_;
    std::vector<std::variant<std::string, std::int64_t>> values_;
    bool by_location_ = false;
};

std::vector<std::string> ServiceQueries::ids(const ServiceQuery& query, Page page) {
    return read(source_, [&](Connection& c) {
        const ServiceQuerySql sql(query, false);
        const auto text =
            sql.paged_text("SELECT s.id FROM services s", "s.name COLLATE NOCASE, s.id");
        Query q(c, Query::Text{text});
        sql.bind(q.statement(), page);
        std::vector<std::string> out;
        while (q.next()) out.push_back(q.row().text(0));
        return out;
    });
}

std::int64_t ServiceQueries::count_of(const ServiceQuerySql& sql, const std::string& text) {
    return read(source_, [&](Connection& c) -> std::int64_t {
        // Inside a transaction the rows may change before the generation does: no cache.
        const auto key = source_.in_transaction() ? std::string() : sql.key(text);
        const bool cacheable = !key.empty() && key.size() <= kMaxCountKey;
        std::int64_t generation = 0;
        if (cacheable) {
            // The generation is read before counting, so a count is never older than the
            // generation it is kept under.
            generation = read_generation(c);
            std::lock_guard lock(counts_mutex_);
            if (generation == counts_generation_)
                if (const auto it = counts_.find(key); it != counts_.end()) return it->second;
        }
        Query q(c, Query::Text{text});
        sql.bind(q.statement());
        const auto n = q.single_integer();
        if (cacheable) {
            std::lock_guard lock(counts_mutex_);
            // Any other generation (a newer one, or an older one after a restore) starts again.
            if (generation != counts_generation_ || counts_.size() >= kMaxCounts) {
                counts_.clear();
                counts_generation_ = generation;
            }
            counts_[key] = n;
        }
        return n;
    });
}

std::int64_t ServiceQueries::count(const ServiceQuery& query) {
    const ServiceQuerySql sql(query, false);
    return count_of(sql, sql.text("SELECT COUNT(*) FROM services s"));
}

std::vector<ServiceAtLocationRow> ServiceQueries::service_at_locations(const ServiceQuery& query,
                                                                       Page page) {
    return read(source_, [&](Connection& c) {
        const ServiceQuerySql sql(query, true);
        const auto text = sql.paged_text("SELECT sal.id, sal.service_id, sal.location_id FROM " +
                                             sql.service_at_locations_from(),
                                         "s.name COLLATE NOCASE, s.id, sal.position");
        Query q(c, Query::Text{text});
        sql.bind(q.statement(), page);
        std::vector<ServiceAtLocationRow> out;
        while (q.next()) out.push_back({q.row().text(0), q.row().text(1), q.row().text(2)});
        return out;
    });
}

std::int64_t ServiceQueries::service_at_locations_count(const ServiceQuery& query) {
    const ServiceQuerySql sql(query, true);
    return count_of(sql, sql.text("SELECT COUNT(*) FROM " + sql.service_at_locations_from()));
}

}  // namespace lo::storage::sqlite
