#include "web/insights_facts.hpp"

#include <cstdio>

namespace lo::web {
namespace {

std::vector<domain::TaxonomyTerm> terms_of(storage::Store& store, std::string_view code) {
    const auto taxonomy = store.taxonomies().find_taxonomy_by_code(std::string(code));
    return taxonomy ? store.taxonomies().terms(taxonomy->id) : std::vector<domain::TaxonomyTerm>{};
}

std::map<std::string, std::string> top_level_labels(const std::vector<domain::TaxonomyTerm>& ts) {
    std::map<std::string, std::string> out;
    for (const auto& t : ts)
        if (t.parent_id.empty()) out[t.code] = t.name;
    return out;
}

std::shared_ptr<InsightsSnapshot> read_snapshot(storage::Store& store) {
    auto s = std::make_shared<InsightsSnapshot>();
    s->generation = store.generation();
    s->today = domain::today_utc();
    s->read_at = domain::now_rfc3339();
    s->facts.services = store.insights().service_facts();
    s->facts.areas = store.insights().areas();
    s->facts.needs = terms_of(store, domain::kNeedsTaxonomy);
    s->facts.categories = terms_of(store, domain::kCategoriesTaxonomy);
    s->need_labels = top_level_labels(s->facts.needs);
    s->category_labels = top_level_labels(s->facts.categories);
    s->areas = insights::area_names(s->facts);
    for (const auto& service : s->facts.services)
        if (insights::is_current(service, s->today)) ++s->current;
    return s;
}

std::shared_ptr<const std::vector<insights::CoverageRow>> compute(const InsightsSnapshot& s,
                                                                  const std::string& area,
                                                                  bool by_category) {
    return std::make_shared<const std::vector<insights::CoverageRow>>(insights::coverage(
        s.facts, by_category ? s.facts.categories : s.facts.needs, area, s.today));
}

}  // namespace

void InsightsCache::keep(std::shared_ptr<const InsightsSnapshot> fresh) {
    {
        std::lock_guard lock(mutex_);
        snapshot_ = std::move(fresh);
        coverage_.clear();
    }
    ready_.notify_all();
}

bool InsightsCache::refresh(storage::Store& store) {
    const auto generation = store.generation();
    const auto today = domain::today_utc();
    {
        std::lock_guard lock(mutex_);
        if (snapshot_ && snapshot_->generation == generation && snapshot_->today == today)
            return false;
    }
    auto fresh = read_snapshot(store);
    // The pages asked for most, worked out before any page asks.
    auto needs = compute(*fresh, "", false);
    auto categories = compute(*fresh, "", true);
    std::shared_ptr<const InsightsSnapshot> kept = fresh;
    keep(kept);
    std::lock_guard lock(mutex_);
    coverage_[{"", false}] = needs;
    coverage_[{"", true}] = categories;
    return true;
}

void InsightsCache::start(storage::Store& store, std::chrono::milliseconds interval) {
    std::lock_guard lock(mutex_);
    if (running_) return;
    running_ = true;
    stopping_ = false;
    thread_ = std::thread([this, &store, interval] {
        std::unique_lock held(mutex_);
        while (!stopping_) {
            held.unlock();
            try {
                refresh(store);
            } catch (const std::exception& e) {
                // The previous snapshot stays; the next round tries again.
                std::fprintf(stderr, "localoffer: insights figures not updated: %s\n", e.what());
            }
            held.lock();
            wake_.wait_for(held, interval, [this] { return stopping_; });
        }
    });
}

void InsightsCache::stop() {
    {
        std::lock_guard lock(mutex_);
        if (!running_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    ready_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    running_ = false;
}

std::shared_ptr<const InsightsSnapshot> InsightsCache::snapshot(storage::Store& store) {
    {
        std::unique_lock lock(mutex_);
        // Two reads of 100k services side by side take longer than one: wait for the
        // background's first (bounded, in case the store cannot be read at all).
        if (running_)
            ready_.wait_for(lock, std::chrono::seconds(30),
                            [this] { return snapshot_ || stopping_; });
        if (running_ && snapshot_) return snapshot_;
    }
    // No background refresh, or before its first: read now when out of date. Two requests may
    // both read; the later one is kept.
    refresh(store);
    std::lock_guard lock(mutex_);
    return snapshot_;
}

std::shared_ptr<const std::vector<insights::CoverageRow>> InsightsCache::coverage(
    const std::shared_ptr<const InsightsSnapshot>& snapshot,
    const std::string& area,
    bool by_category) {
    {
        std::lock_guard lock(mutex_);
        if (snapshot == snapshot_)
            if (const auto it = coverage_.find({area, by_category}); it != coverage_.end())
                return it->second;
    }
    auto rows = compute(*snapshot, area, by_category);
    std::lock_guard lock(mutex_);
    // Bounded by the number of areas (each a name the store holds) times two.
    if (snapshot == snapshot_) coverage_[{area, by_category}] = rows;
    return rows;
}

std::shared_ptr<const InsightsSnapshot> insights_snapshot(Context& ctx) {
    if (ctx.insights_cache) return ctx.insights_cache->snapshot(ctx.store);
    return read_snapshot(ctx.store);
}

std::shared_ptr<const std::vector<insights::CoverageRow>> insights_coverage(
    Context& ctx,
    const std::shared_ptr<const InsightsSnapshot>& snapshot,
    const std::string& area,
    bool by_category) {
    if (ctx.insights_cache) return ctx.insights_cache->coverage(snapshot, area, by_category);
    return compute(*snapshot, area, by_category);
}

insights::DemandLabels demand_labels(Context& ctx, const InsightsSnapshot& snapshot) {
    insights::DemandLabels labels;
    labels.needs = snapshot.need_labels;
    labels.categories = snapshot.category_labels;
    for (const auto& w : ctx.store.search_words().all())
        labels.words[std::to_string(w.id)] = w.term;
    return labels;
}

std::int64_t current_services_for(Context& ctx,
                                  const std::shared_ptr<const InsightsSnapshot>& snapshot,
                                  const std::string& need_code,
                                  const std::string& area) {
    const auto rows = insights_coverage(ctx, snapshot, area, false);
    for (const auto& row : *rows)
        if (row.code == need_code && row.depth == 0) return row.current;
    return 0;
}

}  // namespace lo::web
