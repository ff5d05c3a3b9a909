// Organisations and locations in SQLite: who runs services and where they are.
#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "storage/sqlite/query.hpp"
#include "storage/sqlite/repositories.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char kUpsertOrganisation[] =
    "INSERT INTO organisations (id, name, description, url, email, phone, source, last_modified) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET name = ?2, "
    "description = ?3, url = ?4, email = ?5, phone = ?6, source = ?7, last_modified = ?8";
constexpr const char kSelectOrganisation[] =
    "SELECT id, name, description, url, email, phone, source, last_modified FROM organisations "
    "WHERE id = ?1";
constexpr const char kListOrganisations[] =
    "SELECT id, name, description, url, email, phone, source, last_modified FROM organisations "
    "ORDER BY name COLLATE NOCASE, id LIMIT ?1 OFFSET ?2";
constexpr const char kCountOrganisations[] = "SELECT COUNT(*) FROM organisations";

constexpr const char kUpsertLocation[] =
    "INSERT INTO locations (id, name, description, address_1, address_2, city, county, postcode, "
    "latitude, longitude, hide_address, source, last_modified, country) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT (id) DO UPDATE SET name = ?2, "
    "description = ?3, address_1 = ?4, address_2 = ?5, city = ?6, county = ?7, postcode = ?8, "
    "latitude = ?9, longitude = ?10, hide_address = ?11, source = ?12, last_modified = ?13, "
    "country = ?14";
constexpr const char kSelectLocation[] =
    "SELECT id, name, description, address_1, address_2, city, county, postcode, latitude, "
    "longitude, hide_address, source, last_modified, country FROM locations WHERE id = ?1";
constexpr const char kListLocations[] =
    "SELECT id FROM locations ORDER BY name COLLATE NOCASE, id LIMIT ?1 OFFSET ?2";
constexpr const char kCountLocations[] = "SELECT COUNT(*) FROM locations";
constexpr const char kLocationPoints[] =
    "SELECT id, postcode, latitude, longitude FROM locations ORDER BY id";
constexpr const char kDeleteAccessibility[] =
    "DELETE FROM location_accessibility WHERE location_id = ?1";
constexpr const char kInsertAccessibility[] =
    "INSERT INTO location_accessibility (id, location_id, position, description) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char kSelectAccessibility[] =
    "SELECT description FROM location_accessibility WHERE location_id = ?1 ORDER BY position";

// --- Organisations ------------------------------------------------------------------------

domain::Organisation read_organisation(const Statement& st) {
    return {st.text(0), st.text(1), st.text(2), st.text(3),
            st.text(4), st.text(5), st.text(6), st.text(7)};
}

class Organisations final : public OrganisationRepository {
public:
    explicit Organisations(ConnectionSource& source) : source_(source) {}

    std::optional<domain::Organisation> find(const std::string& id) override {
        return read(source_, [&](Connection& c) {
            return optional_row(c, kSelectOrganisation, read_organisation, id);
        });
    }

    std::vector<domain::Organisation> list(Page page) override {
        return read(source_, [&](Connection& c) {
            return rows(c, kListOrganisations, read_organisation, page.limit, page.offset);
        });
    }

    std::int64_t count() override {
        return read(source_, [](Connection& c) { return single_integer(c, kCountOrganisations); });
    }

    using OrganisationRepository::save;
    void save(const domain::Checked<domain::Organisation>& checked) override {
        const auto& o = *checked;
        source_.with_write([&](Connection& c) {
            if (auto old = optional_row(c, kSelectOrganisation, read_organisation, o.id)) {
                old->last_modified = o.last_modified;
                if (*old == o) return;
            }
            run(c, kUpsertOrganisation, o.id, o.name, o.description, o.url, o.email, o.phone,
                o.source, domain::now_rfc3339());
        });
    }

private:
    ConnectionSource& source_;
};

// --- Locations ------------------------------------------------------------------------------

domain::Location read_location(const Statement& st) {
    domain::Location l;
    l.id = st.text(0);
    l.name = st.text(1);
    l.description = st.text(2);
    l.address_1 = st.text(3);
    l.address_2 = st.text(4);
    l.city = st.text(5);
    l.county = st.text(6);
    l.postcode = st.text(7);
    l.latitude = st.optional_real(8);
    l.longitude = st.optional_real(9);
    l.hide_address = st.integer(10) != 0;
    l.source = st.text(11);
    l.last_modified = st.text(12);
    l.country = st.text(13);
    return l;
}

std::optional<domain::Location> load_location(Connection& c, const std::string& id) {
    auto l = optional_row(c, kSelectLocation, read_location, id);
    if (l) l->accessibility = strings(c, kSelectAccessibility, l->id);
    return l;
}

std::vector<domain::Location> load_locations(Connection& c, const std::vector<std::string>& ids) {
    std::vector<domain::Location> out;
    for (const auto& id : ids)
        if (auto l = load_location(c, id)) out.push_back(std::move(*l));
    return out;
}

class Locations final : public LocationRepository {
public:
    explicit Locations(ConnectionSource& source) : source_(source) {}

    std::optional<domain::Location> find(const std::string& id) override {
        return read(source_, [&](Connection& c) { return load_location(c, id); });
    }

    std::vector<domain::Location> find_many(const std::vector<std::string>& ids) override {
        return read(source_, [&](Connection& c) { return load_locations(c, ids); });
    }

    std::vector<domain::Location> list(Page page) override {
        return read(source_, [&](Connection& c) {
            return load_locations(c, strings(c, kListLocations, page.limit, page.offset));
        });
    }

    std::vector<LocationPoint> points() override {
        return read(source_, [](Connection& c) {
            return rows(c, kLocationPoints, [](const Statement& st) {
                return LocationPoint{st.text(0), st.text(1), st.optional_real(2),
                                     st.optional_real(3)};
            });
        });
    }

    std::int64_t count() override {
        return read(source_, [](Connection& c) { return single_integer(c, kCountLocations); });
    }

    using LocationRepository::save;
    void save(const domain::Checked<domain::Location>& checked) override {
        const auto& l = *checked;
        source_.with_write([&](Connection& c) {
            if (auto old = load_location(c, l.id)) {
                old->last_modified = l.last_modified;
                if (*old == l) return;
            }
            run(c, kUpsertLocation, l.id, l.name, l.description, l.address_1, l.address_2, l.city,
                l.county, l.postcode, l.latitude, l.longitude, l.hide_address, l.source,
                domain::now_rfc3339(), l.country);
            run(c, kDeleteAccessibility, l.id);
            for (std::size_t i = 0; i < l.accessibility.size(); ++i)
                run(c, kInsertAccessibility,
                    domain::derived_uuid(l.id, "accessibility/" + std::to_string(i)), l.id,
                    static_cast<int>(i), l.accessibility[i]);
        });
    }

private:
    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<OrganisationRepository> make_organisation_repository(ConnectionSource& source) {
    return std::make_unique<Organisations>(source);
}

std::unique_ptr<LocationRepository> make_location_repository(ConnectionSource& source) {
    return std::make_unique<Locations>(source);
}

}  // namespace lo::storage::sqlite
