// The composition root: opens the store, loads templates, wires routes and runs the server or a
// one-off command.
#include "app/commands.hpp"

#include <filesystem>
#include <iostream>
#include <mutex>

#include "app/routes.hpp"
#include "app/seed.hpp"
#include "http/server.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "views/views.hpp"

namespace lo::app {
namespace {

namespace fs = std::filesystem;

void print_error(const std::string& line) { std::cerr << "localoffer: " << line << std::endl; }

// Opens the store and makes sure the taxonomies every install needs are loaded.
std::unique_ptr<storage::Store> open_ready_store(const Config& config) {
    auto store = storage::sqlite::open_store(config.data_dir);
    if (!store->taxonomies().find_taxonomy_by_code(std::string(domain::kCategoriesTaxonomy)))
        load_taxonomies(*store, (fs::path(share_dir(config)) / "db/seeds/taxonomies.json").string());
    return store;
}

void add_security_headers(http::Response& response) {
    // Strict by default: no inline script or style, nothing framed, no third-party requests.
    response.set_header("Content-Security-Policy",
                        "default-src 'self'; script-src 'self'; style-src 'self'; "
                        "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                        "form-action 'self'; frame-ancestors 'none'");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
    response.set_header("X-Frame-Options", "DENY");
}

template <typename F>
int guarded(F&& f) {
    try {
        return f();
    } catch (const ConfigError& e) {
        print_error(e.what());
    } catch (const storage::StoreUnavailable& e) {
        print_error(e.what());
    } catch (const LoadFailed& e) {
        print_error(e.what());
        for (const auto& p : e.problems()) std::cerr << "  " << p << "\n";
    } catch (const storage::ValidationFailed& e) {
        print_error(e.what());
    } catch (const storage::Conflict& e) {
        print_error(e.what());
    } catch (const std::exception& e) {
        print_error(e.what());
    }
    return 1;
}

}  // namespace

int serve(const Config& config) {
    return guarded([&] {
        validate(config);
        const auto share = share_dir(config);
        auto store = open_ready_store(config);
        const views::Views views((fs::path(share) / "templates").string(),
                                 (fs::path(share) / "static").string());
        web::Context context{*store, views, config.site, (fs::path(share) / "static").string()};
        http::Router router;
        register_routes(router, context);

        http::ServerConfig server_config;
        server_config.bind_address = config.bind_address;
        server_config.port = static_cast<unsigned short>(config.port);
        server_config.threads = config.threads;
        server_config.header_limit = config.header_limit;
        server_config.body_limit = config.body_limit;
        server_config.read_timeout = std::chrono::seconds(config.read_timeout_seconds);

        std::mutex log_mutex;
        http::Server server(
            server_config,
            [&router](http::Request request) {
                auto response = router.dispatch(std::move(request));
                add_security_headers(response);
                return response;
            },
            [&log_mutex](std::string_view line) {
                std::lock_guard lock(log_mutex);
                std::cout << line << '\n' << std::flush;
            });
        server.listen();
        std::cout << "localoffer is serving " << config.site.council_name << "'s "
                  << config.site.service_name << " at http://" << config.bind_address << ":"
                  << server.port() << "/ (data in " << config.data_dir
                  << "). Press Ctrl+C to stop." << std::endl;
        server.run();
        std::cout << "localoffer stopped." << std::endl;
        return 0;
    });
}

int migrate(const Config& config) {
    return guarded([&] {
        auto store = open_ready_store(config);
        std::cout << "The database in " << config.data_dir << " is at schema version "
                  << store->schema_version() << " and ready." << std::endl;
        return 0;
    });
}

int demo_load(const Config& config) {
    return guarded([&] {
        auto store = open_ready_store(config);
        const auto before = store->generation();
        const auto report = load_demo(*store, (fs::path(share_dir(config)) / "demo").string(),
                                      config.site.review_months);
        const bool changed = store->generation() != before;
        std::cout << "Demo Local Offer " << (changed ? "loaded" : "already loaded, nothing changed")
                  << ": " << report.services << " services, " << report.organisations
                  << " organisations, " << report.locations << " locations, "
                  << report.advice_pages << " advice pages." << std::endl;
        return 0;
    });
}

int check(const Config& config) {
    return guarded([&] {
        const auto path = fs::path(config.data_dir) / storage::sqlite::kDatabaseFile;
        if (!fs::exists(path)) {
            print_error("There is no database at " + path.string() +
                        ". Check the --data folder, or run: localoffer migrate --data " +
                        config.data_dir);
            return 1;
        }
        auto store = storage::sqlite::open_store(config.data_dir, storage::sqlite::OpenMode::RequireReady);
        const auto report = store->check();
        if (!report.ok) {
            print_error("The database " + path.string() + " has " +
                        std::to_string(report.problems.size()) + " problem(s):");
            for (const auto& p : report.problems) std::cerr << "  " << p << "\n";
            return 2;
        }
        std::cout << "The database " << path.string() << " is healthy: integrity and foreign keys "
                  << "checked, schema version " << store->schema_version() << ", "
                  << store->services().count({.only_published = false}) << " services." << std::endl;
        return 0;
    });
}

int backup(const Config& config, const std::string& destination) {
    return guarded([&] {
        const auto path = fs::path(config.data_dir) / storage::sqlite::kDatabaseFile;
        if (!fs::exists(path)) {
            print_error("There is no database at " + path.string() + " to back up. Check --data.");
            return 1;
        }
        auto store = storage::sqlite::open_store(config.data_dir);
        store->backup(destination);
        std::cout << "Backed up " << path.string() << " to " << destination << "." << std::endl;
        return 0;
    });
}

}  // namespace lo::app
