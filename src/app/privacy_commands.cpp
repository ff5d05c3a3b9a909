// The CLI for staff turnover and personal data: `account deactivate|reactivate|delete EMAIL`
// and `privacy purge|export EMAIL|erase EMAIL` (app/commands.hpp, docs/privacy.md).
#include <iostream>

#include "app/commands.hpp"
#include "app/privacy.hpp"
#include "auth/account_lifecycle.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::app {
namespace {

const auth::Actor kCommandLine{"", "command line", ""};

void print_error(const std::string& line) {
    std::cerr << "localoffer: " << line << std::endl;
}

// Opens the store and runs f; every refusal is one line and exit 1.
template <typename F>
int with_store(const Config& config, F&& f) {
    try {
        auto store = storage::sqlite::open_store(config.data_dir);
        return f(*store);
    } catch (const auth::AccountRefused& e) {
        print_error(e.what());
    } catch (const auth::InvalidInput& e) {
        print_error(e.what());
    } catch (const std::exception& e) {
        print_error(e.what());
    }
    return 1;
}

}  // namespace

int account_change(const Config& config, const std::string& action, const std::string& email) {
    return with_store(config, [&](storage::Store& store) {
        auth::AccountLifecycle lifecycle(store, config.site.sso.enabled());
        const auto user = lifecycle.find_by_email(email);
        const auto now = auth::now_seconds();
        if (action == "deactivate") {
            lifecycle.deactivate(user.id, kCommandLine, now);
            std::cout << "Deactivated " << user.email
                      << ": every session has ended and the account cannot sign in. Undo with: "
                         "localoffer account reactivate "
                      << user.email << std::endl;
        } else if (action == "reactivate") {
            lifecycle.reactivate(user.id, kCommandLine, now);
            std::cout << "Reactivated " << user.email << ": the account can sign in again."
                      << std::endl;
        } else {
            const auto pseudonym = lifecycle.remove(user.id, kCommandLine, now);
            std::cout << "Deleted the account of " << user.email << ". Its history now shows \""
                      << pseudonym << "\"." << std::endl;
        }
        return 0;
    });
}

int privacy_purge(const Config& config) {
    return with_store(config, [&](storage::Store& store) {
        std::cout << describe(purge_personal_data(store, config.site.privacy, auth::now_seconds()))
                  << std::endl;
        return 0;
    });
}

int privacy_export(const Config& config, const std::string& email) {
    return with_store(config, [&](storage::Store& store) {
        std::cout << export_personal_data(store, email).dump(2) << std::endl;
        return 0;
    });
}

int privacy_erase(const Config& config, const std::string& email) {
    return with_store(config, [&](storage::Store& store) {
        const auto report = erase_personal_data(store, email, kCommandLine, auth::now_seconds(),
                                                config.site.sso.enabled());
        std::cout << "Erased " << auth::normalise_email(email) << ": "
                  << (report.pseudonym.empty()
                          ? std::string("there was no account")
                          : "the account was deleted and its history now shows \"" +
                                report.pseudonym + "\"")
                  << "; " << report.rows_changed << " other records changed." << std::endl;
        if (report.directory_records.empty()) return 0;
        std::cout << "The published directory still lists the address on these records; change "
                     "them in the admin if the person asked for that too:"
                  << std::endl;
        for (const auto& r : report.directory_records) {
            std::cout << "  " << r.table;
            for (const auto& [k, v] : r.fields) std::cout << " " << k << "=" << v;
            std::cout << std::endl;
        }
        return 0;
    });
}

}  // namespace lo::app
