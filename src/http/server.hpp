// Server: the HTTP/1.1 listener that turns sockets into Request -> handler -> Response calls.
// Its implementation (server.cpp) is the only Beast/Asio code; this header is plain C++.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/client_address.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/trusted_proxies.hpp"

namespace lo::http {

struct ServerConfig {
    std::string bind_address = "127.0.0.1";
    unsigned short port = 8080;  // 0 picks a free port; see Server::port()
    int threads = 2;             // handlers may block (database), so this bounds concurrency
    std::size_t header_limit = 16 * 1024;
    std::size_t body_limit = 1024 * 1024;
    // How long a client has to send a whole request, and to accept the response; also how long an
    // idle keep-alive connection stays open.
    std::chrono::seconds read_timeout{30};
    std::chrono::seconds shutdown_grace{10};
    // Open connections one client address may hold at once; more are answered 429 and closed,
    // so a few clients holding slow connections cannot use up the file descriptors. 0: no cap.
    int max_connections_per_client = 0;
    // Peers whose X-Forwarded-For and X-Forwarded-Proto are believed; empty: nobody's.
    TrustedProxies trusted_proxies;
    // What the access log records of the client's address (http/client_address.hpp).
    AddressInLog address_in_log = AddressInLog::Truncated;
};

class Server {
public:
    // handler is called on one of config.threads threads, so it must be thread-safe; exceptions
    // from it become a 500 (normally it is Router::dispatch, which does not throw). access_log
    // gets exactly one line per request (format in http/log.hpp); calls to it are serialized.
    Server(ServerConfig config,
           std::function<Response(Request)> handler,
           std::function<void(std::string_view line)> access_log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens. Throws std::runtime_error with ONE plain-English line on failure, e.g.
    // "Could not listen on 127.0.0.1:8080: the port is already in use. Stop the other program or
    // choose another port with --port." Covers address not available, permission denied
    // (port < 1024) and an invalid bind address too. Throws std::logic_error if called twice.
    void listen();
    // The port actually bound (useful when config.port == 0); 0 before listen().
    unsigned short port() const;
    // Runs on config.threads threads (this one included) until SIGTERM or SIGINT or stop(). Then
    // stops accepting, closes idle keep-alive connections, lets in-flight requests finish (up to
    // shutdown_grace, after which their connections are closed) and returns. A second SIGINT or
    // SIGTERM during that time has its default effect and ends the process.
    // Throws std::logic_error if listen() has not succeeded.
    void run();
    // Thread-safe; may be called before or during run().
    void stop();

    struct Impl;  // defined in server.cpp; public only so that file's session class can name it

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace lo::http
