// The composition root: opens the store, loads templates, wires routes and runs the server or a
// one-off command.
#include "app/commands.hpp"

#include <filesystem>
#include <iostream>
#include <mutex>
#include <sstream>

#include <unistd.h>

#include "app/background.hpp"
#include "app/backup_commands.hpp"
#include "app/backups.hpp"
#include "app/data_folder.hpp"
#include "app/data_lock.hpp"
#include "app/limits.hpp"
#include "app/map_settings.hpp"
#include "app/monitoring.hpp"
#include "app/page_cache.hpp"
#include "app/routes.hpp"
#include "app/seed.hpp"
#include "auth/accounts.hpp"
#include "domain/validation.hpp"
#include "http/client.hpp"
#include "http/concurrency_limit.hpp"
#include "http/server.hpp"
#include "mail/mailer.hpp"
#include "reviews/reviews.hpp"
#include "search/engine.hpp"
#include "search/gazetteer.hpp"
#include "search/vocabulary_store.hpp"
#include "storage/sqlite/integrity.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "views/views.hpp"
#include "web/admin/oidc_client.hpp"
#include "web/generation_memo.hpp"
#include "web/insights_facts.hpp"
#include "web/ops_status.hpp"
#include "web/page.hpp"
#include "web/public/form_guard.hpp"
#include "web/request_scheme.hpp"
#include "web/shortlist_state.hpp"

namespace lo::app {
namespace {

namespace fs = std::filesystem;

void print_error(const std::string& line) {
    std::cerr << "localoffer: " << line << std::endl;
}

// The seed files of the search words (docs/search.md, "Search words").
std::string send_words_file(const Config& config) {
    return (fs::path(share_dir(config)) / "db/seeds/send-synonyms.tsv").string();
}
std::string everyday_words_file(const Config& config) {
    return (fs::path(share_dir(config)) / "db/seeds/everyday-words.tsv").string();
}

// Opens the store and makes sure what every install needs is loaded: the taxonomies, and the
// search words while they have never been written.
std::unique_ptr<storage::Store> open_ready_store(const Config& config) {
    backup_before_upgrade(config);
    auto store = storage::sqlite::open_store(config.data_dir);
    mark_data_folder(config.data_dir);
    if (!store->taxonomies().find_taxonomy_by_code(std::string(domain::kCategoriesTaxonomy)))
        load_taxonomies(*store,
                        (fs::path(share_dir(config)) / "db/seeds/taxonomies.json").string());
    search::load_search_word_seeds(*store, send_words_file(config), everyday_words_file(config));
    if (const auto added = search::add_new_search_word_seeds(*store, send_words_file(config),
                                                             everyday_words_file(config)))
        std::cerr << "localoffer: added " << added
                  << " new search words from this version's word lists (editors' own changes "
                     "were kept; see Search words in the admin)."
                  << std::endl;
    return store;
}

// The search service over the store (docs/search.md): index in DATA/search, the search words'
// seed files and the demo-area gazetteer from the share folder.
std::unique_ptr<search::SearchService> open_search(const Config& config, storage::Store& store) {
    const auto share = fs::path(share_dir(config));
    return std::make_unique<search::SearchService>(
        store, search::SearchOptions{config.data_dir, send_words_file(config),
                                     (share / "db/seeds/gazetteer").string(),
                                     everyday_words_file(config)});
}

// csp: content_security_policy(site), worked out once at start-up (app/map_settings.hpp).
void add_security_headers(http::Response& response, const std::string& csp) {
    response.set_header("Content-Security-Policy", csp);
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
    response.set_header("X-Frame-Options", "DENY");
}

// Browsers remember to use only HTTPS for a year, once they have seen the site over TLS (its
// base_url, or a trusted proxy that terminated TLS for this request).
void add_transport_security(http::Response& response, const Config& config, bool https) {
    if (https || config.site.base_url.starts_with("https://"))
        response.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

// The review cycle's settings from the configuration (README "Reviews").
reviews::ReviewSettings review_settings(const Config& config) {
    reviews::ReviewSettings s;
    s.review_months = config.site.review_months;
    s.reminder_days = config.review_reminder_days;
    s.escalation_weeks = config.review_escalation_weeks;
    s.end_notice_days = config.service_end_notice_days;
    s.base_url = config.site.base_url;
    s.council_name = config.site.council_name;
    s.service_name = config.site.service_name;
    s.contact_email = config.site.contact_email;
    s.contact_phone = config.site.contact_phone;
    return s;
}

// The HTTP server's settings from the configuration.
http::ServerConfig server_config(const Config& config) {
    http::ServerConfig c;
    c.bind_address = config.bind_address;
    c.port = static_cast<unsigned short>(config.port);
    c.threads = config.threads;
    c.header_limit = config.header_limit;
    c.body_limit = config.body_limit;
    c.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
    c.max_connections_per_client = config.limits.max_connections_per_client;
    c.trusted_proxies = config.trusted_proxies;
    c.address_in_log = config.site.privacy.access_log;
    return c;
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

bool folder_writable(const std::string& dir) {
    return ::access(dir.c_str(), W_OK) == 0;
}

// `check` where nothing may be written: the full integrity check and foreign keys, read-only.
int check_read_only_media(const std::string& path) {
    auto report = storage::sqlite::check_read_only(path, storage::sqlite::CheckDepth::Full);
    const int version = storage::sqlite::schema_version_read_only(path);
    if (version != storage::sqlite::latest_schema_version())
        report.problems.push_back("The database schema is at version " + std::to_string(version) +
                                  " but this program expects " +
                                  std::to_string(storage::sqlite::latest_schema_version()) +
                                  ". Run: localoffer migrate (on a writable copy)");
    if (!report.problems.empty()) {
        print_error("The database " + path + " has " + std::to_string(report.problems.size()) +
                    " problem(s):");
        for (const auto& p : report.problems) std::cerr << "  " << p << "\n";
        return 2;
    }
    std::cout << "The database " << path << " is healthy: integrity and foreign keys checked, "
              << "schema version " << version << " (read-only folder: nothing was written)."
              << std::endl;
    return 0;
}

}  // namespace

int serve(const Config& config, bool init) {
    return guarded([&] {
        validate(config);
        std::string holder;
        const auto data_lock = DataFolderLock::try_take(config.data_dir, &holder);
        if (!data_lock) {
            print_error("Another localoffer server is already running on the data folder " +
                        config.data_dir + (holder.empty() ? "" : " (process " + holder + ")") +
                        ". Stop it first, or give this one another --data folder.");
            return 1;
        }
        const auto share = share_dir(config);
        // An unmounted or emptied data folder is refused, never served as an empty site.
        check_before_serving(config.data_dir, init);
        auto store = open_ready_store(config);
        const auto db_path = (fs::path(config.data_dir) / storage::sqlite::kDatabaseFile).string();
        quick_check_or_refuse(db_path);
        storage::DatabaseFileWatch database_file(db_path);
        const views::Views views((fs::path(share) / "templates").string(),
                                 (fs::path(share) / "static").string());
        web::Context context{*store, views, config.site, (fs::path(share) / "static").string()};
        context.database_file = &database_file;
        // The indexer catches up in the background (a rebuild, or a crash's backlog) while the
        // server already answers; /healthz says "being updated" until it has.
        auto search = open_search(config, *store);
        search->start();
        context.search = search.get();
        mail::Mailer mailer(*store, smtp_settings(config));
        context.mailer = &mailer;
        http::ConcurrencyLimit export_slots(config.limits.export_limit);
        context.export_slots = &export_slots;
        RequestLimits limits(config.limits, context);
        web::RecentSubmissions recent_submissions(
            std::chrono::seconds(config.limits.duplicate_window_seconds));
        context.recent_submissions = &recent_submissions;
        web::OpsStatus ops;
        context.ops = &ops;
        web::InsightsCache insights_cache;
        insights_cache.start(*store);
        context.insights_cache = &insights_cache;
        web::GenerationMemo memo;
        context.memo = &memo;
        PageCache page_cache(*store, static_cast<std::size_t>(config.page_cache_mb) << 20);
        context.rendered_pages = &page_cache;
        // Single sign-on: the provider is asked for its endpoints and keys on first use, so a
        // provider that is down never stops the server starting (password sign-in still works).
        std::optional<web::admin::OidcClient> sso;
        if (config.site.sso.enabled()) context.sso = &sso.emplace(config.site.sso);
        http::Router router;
        register_routes(router, context);

        std::mutex log_mutex;
        const auto log_line = [&log_mutex, &config](std::string_view line) {
            const auto formatted = format_log_line(config.log_format, line);
            std::lock_guard lock(log_mutex);
            std::cout << formatted << '\n' << std::flush;
        };
        Monitoring monitoring(config, db_path, search.get(), ops, &page_cache);
        const auto csp = content_security_policy(config.site);
        const Monitoring::Handler app = [&router, &config, &limits, &store, &csp,
                                         &page_cache](http::Request request) {
            const web::CurrentPath current_path(request.path);
            const bool https = request.scheme == "https";
            const web::RequestScheme scheme(https);
            const web::ShortlistScope shortlist(
                request, *store, https || config.site.base_url.starts_with("https://"));
            auto refused = limits.refuse(request);
            auto response = refused
                                ? std::move(*refused)
                                : page_cache.answer(std::move(request), [&router](http::Request r) {
                                      return router.dispatch(std::move(r));
                                  });
            shortlist.finish(response);
            add_security_headers(response, csp);
            add_transport_security(response, config, https);
            return response;
        };
        http::Server server(
            server_config(config),
            [&monitoring, &app](http::Request request) {
                return monitoring.handle(std::move(request), app);
            },
            log_line);
        server.listen();
        monitoring.start(log_line);
        // E-mail delivery and the daily review reminders (app/background.hpp).
        BackgroundJobs jobs(*store, mailer, review_settings(config), config.review_reminders,
                            log_line);
        jobs.purge_daily(config.site.privacy);
        jobs.start();
        BackupSchedule backups(db_path, backup_settings(config), ops, log_line);
        backups.start();
        const DailyIntegrityCheck daily_check(database_file, log_line);
        std::cout << "localoffer is serving " << config.site.council_name << "'s "
                  << config.site.service_name << " at http://" << config.bind_address << ":"
                  << server.port() << "/ (data in " << config.data_dir << "). Press Ctrl+C to stop."
                  << std::endl;
        server.run();
        monitoring.stop();
        backups.stop();
        jobs.stop();
        search->stop();
        std::cout << "localoffer stopped." << std::endl;
        return 0;
    });
}

int migrate(const Config& config) {
    return guarded([&] {
        auto store = open_ready_store(config);
        search::load_gazetteer_seed(*store->open_search_tables(),
                                    (fs::path(share_dir(config)) / "db/seeds/gazetteer").string());
        std::cout << "The database in " << config.data_dir << " is at schema version "
                  << store->schema_version() << " and ready." << std::endl;
        return 0;
    });
}

int demo_load(const Config& config) {
    return guarded([&] {
        auto store = open_ready_store(config);
        // Whether this load changed anything, not whether the generation moved: a server
        // running on the same data writes too (review reminders, search counts).
        const auto report = load_demo(*store, (fs::path(share_dir(config)) / "demo").string(),
                                      config.site.review_months);
        const bool changed = report.changed;
        std::cout << "Demo Local Offer " << (changed ? "loaded" : "already loaded, nothing changed")
                  << ": " << report.services << " services, " << report.organisations
                  << " organisations, " << report.locations << " locations, " << report.advice_pages
                  << " advice pages." << std::endl;
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
        // Read-only media (a mounted backup, a snapshot) are checked without writing a byte.
        if (!folder_writable(config.data_dir)) return check_read_only_media(path.string());
        auto store =
            storage::sqlite::open_store(config.data_dir, storage::sqlite::OpenMode::RequireReady);
        const auto report = store->check();
        if (!report.ok) {
            print_error("The database " + path.string() + " has " +
                        std::to_string(report.problems.size()) + " problem(s):");
            for (const auto& p : report.problems) std::cerr << "  " << p << "\n";
            return 2;
        }
        std::cout << "The database " << path.string() << " is healthy: integrity and foreign keys "
                  << "checked, schema version " << store->schema_version() << ", "
                  << store->services().count({.only_published = false}) << " services."
                  << std::endl;
        return 0;
    });
}

namespace {

// Imports and exports from the command line go in the audit log (docs/admin.md), whatever the
// outcome: who ran them is whoever has the server's data folder, so the actor is "command line".
void audit_command(storage::Store& store,
                   const std::string& action,
                   const std::string& subject,
                   const std::string& detail) {
    auth::AuditEntry entry;
    entry.actor_email = "command line";
    entry.action = action;
    entry.subject = subject.substr(0, 500);
    entry.detail = detail.substr(0, 2000);
    store.audit().record(entry);
}

}  // namespace

int import_data(const Config& config, const interchange::ImportArgs& args) {
    return guarded([&] {
        auto store = open_ready_store(config);
        // The summary is kept for the audit entry as well as printed.
        std::ostringstream summary;
        const int status = interchange::run_import(*store, args, summary, std::cerr);
        std::cout << summary.str() << std::flush;
        if (!args.dry_run) {
            // The result lines (the counts, what was repaired and dropped), not the indented
            // notes and warnings before them, which can run to thousands.
            std::string result;
            std::istringstream lines(summary.str());
            for (std::string line; std::getline(lines, line);)
                if (!line.empty() && !line.starts_with("  "))
                    result += (result.empty() ? "" : " ") + line;
            audit_command(*store, "import", args.format + " " + args.path,
                          status == 0 ? result
                                      : "refused: nothing was written" +
                                            (result.empty() ? std::string{} : " (" + result + ")"));
        }
        return status;
    });
}

int export_data(const Config& config, const interchange::ExportArgs& args) {
    return guarded([&] {
        auto store = open_ready_store(config);
        const int status = interchange::run_export(*store, args, std::cout, std::cerr);
        audit_command(
            *store, "export",
            args.format + " " + (args.dir.empty() ? std::string("to standard output") : args.dir),
            status == 0 ? "written" : "failed");
        return status;
    });
}

int reindex(const Config& config) {
    return guarded([&] {
        auto store = open_ready_store(config);
        const auto started = std::chrono::steady_clock::now();
        auto search = open_search(config, *store);
        const auto report = search->rebuild();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
        std::cout << "Rebuilt the search index in " << config.data_dir
                  << "/search: " << report.applied << " documents in " << ms << " ms." << std::endl;
        return 0;
    });
}

int gazetteer_import(const Config& config, const std::string& file) {
    return guarded([&] {
        auto store = open_ready_store(config);
        const auto tables = store->open_search_tables();
        search::load_gazetteer_seed(*tables,
                                    (fs::path(share_dir(config)) / "db/seeds/gazetteer").string());
        const auto report = search::import_gazetteer_file(*tables, file);
        std::cout << "Imported " << report.rows << " " << report.format << " from " << file;
        if (report.skipped)
            std::cout << " (skipped " << report.skipped << " rows without usable coordinates)";
        std::cout << "." << std::endl;
        return 0;
    });
}

int users_add(const Config& config,
              const std::string& role_code,
              const std::vector<std::string>& organisations,
              const std::string& email) {
    return guarded([&] {
        const auto role = auth::role_from_code(role_code);
        if (!role) {
            print_error("--role must be admin, editor, provider or commissioner, not \"" +
                        role_code.substr(0, 40) + "\".");
            return 1;
        }
        auto store = open_ready_store(config);
        auth::Accounts accounts(*store);
        try {
            const auto invitation = accounts.add_user(
                email, *role, organisations, {"", "command line", ""}, auth::now_seconds());
            const auto base = config.site.base();
            std::cout << "Added " << auth::label(*role) << " " << invitation.user.email << ".\n"
                      << "Send them this link to set their password. It works once, within "
                      << accounts.policy().set_password_lifetime / 86400
                      << " days, and is not shown again:\n"
                      << base << "/admin/set-password?token=" << invitation.token << std::endl;
            return 0;
        } catch (const auth::InvalidInput& e) {
            print_error(e.what() + std::string("."));
            return 1;
        }
    });
}

int users_reset_link(const Config& config, const std::string& email) {
    return guarded([&] {
        auto store = open_ready_store(config);
        auth::Accounts accounts(*store);
        const auto user = store->users().find_by_email(auth::normalise_email(email));
        if (!user) {
            print_error("There is no account for " + email.substr(0, 254) +
                        ". Check the address, or add it with: localoffer users add");
            return 1;
        }
        const auto token =
            accounts.issue_reset_token(user->id, {"", "command line", ""}, auth::now_seconds());
        const auto base = config.site.base();
        std::cout << "Send " << user->email
                  << " this link to choose a new password. It works once, within "
                  << accounts.policy().reset_password_lifetime / 3600
                  << " hours, and is not shown again:\n"
                  << base << "/admin/set-password?token=" << token << std::endl;
        return 0;
    });
}

// --- E-mail and the review cycle ------------------------------------------------------------

namespace {

// Sends what is waiting in the outbox and prints what happened. True when nothing failed.
bool deliver_and_report(mail::Mailer& mailer) {
    if (!mailer.configured()) {
        std::cout << "No mail server is set up (smtp_host), so messages wait in the outbox: "
                     "administrators read them at /admin/outbox."
                  << std::endl;
        return true;
    }
    const auto report = mailer.deliver_due(auth::now_seconds());
    std::cout << "E-mail: sent " << report.sent << ", failed " << report.failed << "." << std::endl;
    for (const auto& e : report.errors) print_error(e);
    if (report.failed > 0)
        print_error(
            "Some messages could not be sent. They stay in the outbox and are tried again "
            "by the next run (up to " +
            std::to_string(mail::Mailer::kMaxAttempts) + " attempts). Check the smtp_* settings.");
    return report.failed == 0;
}

}  // namespace

int reminders_send(const Config& config) {
    return guarded([&] {
        auto store = open_ready_store(config);
        mail::Mailer mailer(*store, smtp_settings(config));
        const auto today = domain::today_utc();
        // Recorded as today's run, so the server's daily run does not repeat it.
        store->reviews().claim_daily_run(kRemindersJob, domain::to_string(today),
                                         auth::now_seconds());
        const auto report = reviews::send_reminders(*store, mailer, review_settings(config), today,
                                                    auth::now_seconds());
        std::cout << describe(report) << std::endl;
        return deliver_and_report(mailer) ? 0 : 2;
    });
}

int mail_test(const Config& config, const std::string& to) {
    return guarded([&] {
        if (!domain::is_valid_email(to)) {
            print_error("\"" + to.substr(0, 80) +
                        "\" is not an e-mail address. Give one like you@council.gov.uk.");
            return 1;
        }
        auto store = open_ready_store(config);
        mail::Mailer mailer(*store, smtp_settings(config));
        mailer.queue({to, "Test message from the " + config.site.service_name,
                      "This is a test message from the " + config.site.service_name + " at " +
                          config.site.base_url + ". E-mail from the site works.\n",
                      "test"},
                     auth::now_seconds());
        return deliver_and_report(mailer) ? 0 : 2;
    });
}

// The harvester fetches over http(s) with the client's limits; the harvest logic stays HTTP-free.
int harvest(const Config& config, const interchange::HarvestArgs& args) {
    return guarded([&] {
        auto store = open_ready_store(config);
        const interchange::Fetch fetch = [](const std::string& url) {
            const auto r = http::fetch(url);
            return interchange::Fetched{r.status, r.body};
        };
        return interchange::run_harvest(*store, args, fetch, std::cout, std::cerr);
    });
}

}  // namespace lo::app
