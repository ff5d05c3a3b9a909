// The CLI's commands, each returning a process exit code. main.cpp parses arguments into a
// Config and calls one of these; they print one plain-English line per outcome.
#pragma once

#include <string>
#include <vector>

#include "app/config.hpp"
#include "interchange/commands.hpp"
#include "interchange/harvest.hpp"

namespace lo::app {

// init: create the database when the folder has none and never held one (docs/reliability.md).
int serve(const Config& config, bool init = false);
int migrate(const Config& config);
int demo_load(const Config& config);
int check(const Config& config);
// Rebuilds the search index from the store (docs/search.md). Refuses while a server runs.
int reindex(const Config& config);
// Imports postcode units, outcodes or place names from a CSV file into the gazetteer.
int gazetteer_import(const Config& config, const std::string& file);
// import oruk|hsds|csv PATH, export oruk|csv [DIR] (src/interchange/commands.hpp).
int import_data(const Config& config, const interchange::ImportArgs& args);
int export_data(const Config& config, const interchange::ExportArgs& args);
// users add --role admin|editor|provider [--organisation ID]... EMAIL: creates the account and
// prints its one-time set-password link. users reset-link EMAIL: prints a new reset link.
int users_add(const Config& config,
              const std::string& role,
              const std::vector<std::string>& organisations,
              const std::string& email);
int users_reset_link(const Config& config, const std::string& email);

// reminders send: the review reminders and escalations due today, then sends the outbox (the
// server does this once a day by itself). Exit 2 when a message could not be sent.
int reminders_send(const Config& config);
// mail test EMAIL: sends a test message through the configured mail server (or leaves it in the
// outbox when none is set up) and says what happened. Exit 2 when it could not be sent.
int mail_test(const Config& config, const std::string& to);
// account deactivate|reactivate|delete EMAIL (app/privacy_commands.cpp): staff turnover; the
// last administrator who can sign in is refused (exit 1).
int account_change(const Config& config, const std::string& action, const std::string& email);
// privacy purge: removes personal data past its retention period now (the server does it daily).
// privacy export EMAIL: prints everything held about the address as JSON.
// privacy erase EMAIL: deletes its account and removes the address wherever it is held.
int privacy_purge(const Config& config);
int privacy_export(const Config& config, const std::string& email);
int privacy_erase(const Config& config, const std::string& email);
// harvest URL [--as-source NAME] [--dry-run]: copies another directory's ORUK 3.0 feed in over
// http(s) (src/interchange/harvest.hpp, docs/import-format.md).
int harvest(const Config& config, const interchange::HarvestArgs& args);

}  // namespace lo::app
