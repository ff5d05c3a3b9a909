// localoffer: the SEND Local Offer server and its command-line tools.
// Parses the command line into an app::Config and runs one command (README "CLI reference").
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/commands.hpp"
#include "app/config.hpp"

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
    serve->add_option("--threads", threads, "Worker threads (default 2)")->check(CLI::Range(1, 256));

    auto* migrate = cli.add_subcommand("migrate", "Create or upgrade the database");
    add_common(migrate);

    auto* demo = cli.add_subcommand("demo", "Work with the demo Local Offer");
    demo->require_subcommand(1);
    auto* demo_load = demo->add_subcommand("load", "Load the demo Local Offer (safe to repeat)");
    add_common(demo_load);

    auto* check = cli.add_subcommand("check", "Check the database's integrity and foreign keys");
    add_common(check);

    std::string backup_file;
    auto* backup = cli.add_subcommand("backup", "Copy the database to FILE, safely while serving");
    add_common(backup);
    backup->add_option("FILE", backup_file, "The backup file to create")->required();

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }

    try {
        if (!config_file.empty()) lo::app::read_config_file(config_file, config);
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

    if (*serve) return lo::app::serve(config);
    if (*migrate) return lo::app::migrate(config);
    if (*demo_load) return lo::app::demo_load(config);
    if (*check) return lo::app::check(config);
    if (*backup) return lo::app::backup(config, backup_file);
    return 1;
}
