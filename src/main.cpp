// localoffer: the SEND Local Offer server and its command-line tools.
// Parses the command line into an app::Config and runs one command (README "CLI reference").
#include <CLI/CLI.hpp>

#include <iostream>
#include <string_view>
#include <tuple>

#include <unistd.h>  // environ

#include "app/backup_commands.hpp"
#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/config_sources.hpp"

int main(int argc, char** argv) {
    lo::app::Config config;
    CLI::App cli{"localoffer: publish a council's SEND Local Offer (services, advice and APIs)."};
    cli.require_subcommand(1);
    cli.set_help_all_flag("--help-all", "Show help for every command");

    std::string config_file;
    int port = -1;
    int threads = -1;
    std::string bind, data, share;
    const auto add_common = [&](CLI::App* command) {
        command->add_option("--data", data, "Folder holding the database (default ./data)");
        command->add_option("--config", config_file, "Settings file (key = value lines)");
        command->add_option("--share", share,
                            "Folder holding templates/, static/, demo/ and db/ (default: the "
                            "source tree this binary was built from)");
    };

    auto* serve = cli.add_subcommand("serve", "Run the web server");
    add_common(serve);
    serve->add_option("--port", port, "Port to listen on (default 8080; 0 picks a free one)")
        ->check(CLI::Range(0, 65535));
    serve->add_option("--bind", bind, "Address to listen on (default 127.0.0.1)");
    serve->add_option("--threads", threads, "Worker threads (default 2)")
        ->check(CLI::Range(1, 256));
    bool serve_init = false;
    serve->add_flag("--init", serve_init,
                    "Create a new, empty database when the data folder has none (and never had)");

    auto* migrate = cli.add_subcommand("migrate", "Create or upgrade the database");
    add_common(migrate);
    bool migrate_dry_run = false;
    migrate->add_flag("--dry-run", migrate_dry_run, "List what would change, change nothing");

    auto* demo = cli.add_subcommand("demo", "Work with the demo Local Offer");
    demo->require_subcommand(1);
    auto* demo_load = demo->add_subcommand("load", "Load the demo Local Offer (safe to repeat)");
    add_common(demo_load);

    auto* check = cli.add_subcommand("check", "Check the database's integrity and foreign keys");
    add_common(check);

    std::string backup_file;
    auto* backup = cli.add_subcommand(
        "backup",
        "Copy the database to FILE (or a new dated file in backup_dir), safely while serving");
    add_common(backup);
    auto* backup_to = backup->add_option("--to", backup_file, "The backup file to create");
    backup->add_option("FILE", backup_file, "The backup file to create (the same as --to)")
        ->excludes(backup_to);

    std::string restore_file;
    auto* restore = cli.add_subcommand(
        "restore", "Replace the database with a backup FILE (stop the server first)");
    add_common(restore);
    restore->add_option("FILE", restore_file, "The backup to restore from")->required();

    auto* reindex = cli.add_subcommand("reindex", "Rebuild the search index from the database");
    add_common(reindex);

    std::string gazetteer_file;
    auto* gazetteer = cli.add_subcommand("gazetteer", "Work with the postcode and place gazetteer");
    gazetteer->require_subcommand(1);
    auto* gazetteer_import = gazetteer->add_subcommand(
        "import", "Import postcode units, outcodes or place names from a CSV FILE");
    add_common(gazetteer_import);
    gazetteer_import->add_option("FILE", gazetteer_file, "The CSV file to import")
        ->required()
        ->check(CLI::ExistingFile);

    // Open Referral UK / HSDS / CSV interchange (src/interchange, docs/import-format.md).
    lo::interchange::ImportArgs import_args;
    auto* import = cli.add_subcommand(
        "import", "Import directory data (checked in full before anything is written)");
    import->require_subcommand(1);
    for (const auto& [format, help, what] :
         {std::tuple{"oruk",
                     "Open Referral UK 3.0 JSON (object, list page, ndjson) or a v1 list feed",
                     "FILE"},
          std::tuple{"hsds", "An HSDS tabular data package (CSV files and datapackage.json)",
                     "DIR"},
          std::tuple{"csv", "The spreadsheet set written by export csv", "DIR"}}) {
        auto* sub = import->add_subcommand(format, help);
        add_common(sub);
        sub->add_option(what, import_args.path,
                        std::string(what) + " to import (- for standard input)")
            ->required();
        sub->add_flag("--dry-run", import_args.dry_run, "Check and report, write nothing");
        sub->add_flag("--skip-invalid", import_args.skip_invalid,
                      "Import the valid records and report the rest (default: import nothing if "
                      "any is invalid)");
        sub->add_option("--source", import_args.source, "Provenance recorded on each record");
        if (std::string_view(format) == "hsds")
            sub->add_option("--country", import_args.country,
                            "Two-letter country of addresses that give none (default: the UK)");
        sub->callback(
            [&import_args, format = std::string(format)] { import_args.format = format; });
    }
    lo::interchange::ExportArgs export_args;
    auto* export_ = cli.add_subcommand("export", "Export the directory");
    export_->require_subcommand(1);
    auto* export_oruk = export_->add_subcommand(
        "oruk", "Open Referral UK 3.0: ndjson on standard output, or --dir");
    add_common(export_oruk);
    export_oruk->add_option("--dir", export_args.dir,
                            "Write taxonomies, organizations and services .ndjson files here");
    export_oruk->callback([&export_args] { export_args.format = "oruk"; });
    auto* export_csv = export_->add_subcommand("csv", "The spreadsheet-friendly CSV set");
    add_common(export_csv);
    export_csv->add_option("DIR", export_args.dir, "Folder to write the CSV files to")->required();
    export_csv->callback([&export_args] { export_args.format = "csv"; });

    // Harvest another directory's Open Referral UK feed (src/interchange/harvest.hpp).
    lo::interchange::HarvestArgs harvest_args;
    auto* harvest = cli.add_subcommand(
        "harvest", "Copy in another council's Open Referral UK 3.0 feed (safe to repeat)");
    add_common(harvest);
    harvest
        ->add_option("URL", harvest_args.url,
                     "The feed's base, like https://example.org/openreferral")
        ->required();
    harvest->add_option("--as-source", harvest_args.source_name,
                        "Who the records come from, shown on each service page (default: the "
                        "feed's host name)");
    harvest->add_flag("--dry-run", harvest_args.dry_run, "Fetch and check, write nothing");
    harvest
        ->add_option("--per-page", harvest_args.per_page,
                     "Services per page to ask for (default 100)")
        ->check(CLI::Range(1, 200));

    // Admin accounts (docs/admin.md).
    std::string user_role, user_email;
    std::vector<std::string> user_organisations;
    auto* users = cli.add_subcommand("users", "Manage admin accounts");
    users->require_subcommand(1);
    auto* users_add =
        users->add_subcommand("add", "Add an account and print its one-time set-password link");
    add_common(users_add);
    users_add->add_option("--role", user_role, "admin, editor or provider")->required();
    users_add->add_option("--organisation", user_organisations,
                          "An organisation id a provider may edit (repeat for several)");
    users_add->add_option("EMAIL", user_email, "The person's e-mail address")->required();
    auto* users_reset =
        users->add_subcommand("reset-link", "Print a one-time password reset link for an account");
    add_common(users_reset);
    users_reset->add_option("EMAIL", user_email, "The account's e-mail address")->required();

    // Staff turnover and personal data (docs/privacy.md).
    std::string account_action, account_email;
    auto* account = cli.add_subcommand("account", "Deactivate, reactivate or delete an account");
    account->require_subcommand(1);
    for (const auto* action : {"deactivate", "reactivate", "delete"}) {
        auto* sub = account->add_subcommand(
            action, std::string(action) == "deactivate"
                        ? "End every session of the account and stop it signing in"
                    : std::string(action) == "reactivate"
                        ? "Let a deactivated account sign in again"
                        : "Delete the account; its history keeps a pseudonym");
        add_common(sub);
        sub->add_option("EMAIL", account_email, "The account's e-mail address")->required();
        sub->callback([&account_action, action] { account_action = action; });
    }
    std::string privacy_email;
    auto* privacy = cli.add_subcommand("privacy", "Personal data: retention, export and erasure");
    privacy->require_subcommand(1);
    auto* privacy_purge = privacy->add_subcommand(
        "purge", "Remove personal data past its retention period now (the server does it daily)");
    add_common(privacy_purge);
    auto* privacy_export =
        privacy->add_subcommand("export", "Print everything held about EMAIL as JSON");
    add_common(privacy_export);
    privacy_export->add_option("EMAIL", privacy_email, "The e-mail address")->required();
    auto* privacy_erase = privacy->add_subcommand(
        "erase", "Delete EMAIL's account and remove the address wherever it is held");
    add_common(privacy_erase);
    privacy_erase->add_option("EMAIL", privacy_email, "The e-mail address")->required();

    // E-mail and the review cycle (README "E-mail" and "Reviews").
    auto* reminders = cli.add_subcommand("reminders", "Review reminders for service providers");
    reminders->require_subcommand(1);
    auto* reminders_send = reminders->add_subcommand(
        "send", "Send the review reminders and escalations due today (safe to repeat)");
    add_common(reminders_send);
    std::string mail_to;
    auto* mail = cli.add_subcommand("mail", "E-mail");
    mail->require_subcommand(1);
    auto* mail_test = mail->add_subcommand("test", "Send a test message to EMAIL");
    add_common(mail_test);
    mail_test->add_option("EMAIL", mail_to, "Where to send it")->required();

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }

    try {
        if (!config_file.empty()) lo::app::read_config_file(config_file, config);
        lo::app::read_environment(config);  // LOCALOFFER_PORT and so on, over the file
        if (!data.empty()) config.data_dir = data;
        if (!share.empty()) config.share_dir = share;
        if (!bind.empty()) config.bind_address = bind;
        if (port >= 0) config.port = port;
        if (threads > 0) config.threads = threads;
        lo::app::validate(config);
    } catch (const lo::app::ConfigError& e) {
        std::cerr << "localoffer: " << e.what() << std::endl;
        return 1;
    }

    if (*serve) {
        for (const auto& name : lo::app::unknown_environment_names(environ))
            std::cerr << "localoffer: the environment variable " << name
                      << " is not a setting, so it is ignored. Check its spelling against "
                         "docs/configuration.md.\n";
        return lo::app::serve(config, serve_init);
    }
    if (*migrate)
        return migrate_dry_run ? lo::app::migrate_dry_run(config) : lo::app::migrate(config);
    if (*demo_load) return lo::app::demo_load(config);
    if (*check) return lo::app::check(config);
    if (*backup) return lo::app::backup(config, backup_file);
    if (*restore) return lo::app::restore(config, restore_file);
    if (*reindex) return lo::app::reindex(config);
    if (*gazetteer_import) return lo::app::gazetteer_import(config, gazetteer_file);
    if (*import) return lo::app::import_data(config, import_args);
    if (*export_) return lo::app::export_data(config, export_args);
    if (*harvest) return lo::app::harvest(config, harvest_args);
    if (*users_add) return lo::app::users_add(config, user_role, user_organisations, user_email);
    if (*users_reset) return lo::app::users_reset_link(config, user_email);
    if (*account) return lo::app::account_change(config, account_action, account_email);
    if (*privacy_purge) return lo::app::privacy_purge(config);
    if (*privacy_export) return lo::app::privacy_export(config, privacy_email);
    if (*privacy_erase) return lo::app::privacy_erase(config, privacy_email);
    if (*reminders_send) return lo::app::reminders_send(config);
    if (*mail_test) return lo::app::mail_test(config, mail_to);
    return 1;
}
