// HTTP/1.1 server on Boost.Beast 1.74, in the callback style of Beast's http_server_async and
// advanced_server examples: listener -> session (do_x/on_x) -> handler -> response.
// The only file in the project that includes Boost; what it hands out is plain lo::http types.
#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/ascii.hpp"
#include "http/compress.hpp"
#include "http/error.hpp"
#include "http/log.hpp"
#include "http/router.hpp"

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;  // not "http": that would shadow lo::http in this file
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

namespace lo::http {
namespace {

class Session;

// How often shutdown checks whether the last connection has gone. Short, because run() cannot
// return before the next check.
constexpr std::chrono::milliseconds kShutdownPollInterval{20};
// After an error response the client may still be sending a body we refused; reading and
// discarding it for a moment lets the client see our response instead of a connection reset.
constexpr std::chrono::seconds kMaxLinger{2};
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

std::string describe_size(std::size_t bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
        return std::to_string(bytes / (1024 * 1024)) + " MB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KB";
    return std::to_string(bytes) + " bytes";
}

std::string host_and_port(const std::string& host, unsigned short port) {
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

bool is_bodiless_status(int status) {
    return status < 200 || status == 204 || status == 304;
}

// The peer's address as the connection cap counts it (IPv4-mapped IPv6 as plain IPv4).
std::string connection_address(const tcp::socket& socket) {
    beast::error_code ec;
    auto address = socket.remote_endpoint(ec).address();
    if (ec) return "-";
    if (address.is_v6() && address.to_v6().is_v4_mapped()) address = address.to_v6().to_v4();
    return address.to_string();
}

// A client over its connection cap gets a short answer, written without waiting (the socket's
// buffer always has room for it), and the connection is closed.
void refuse_connection(tcp::socket& socket) {
    static const std::string kRefusal = [] {
        const std::string body =
            "Too many open connections from your address. Close some, then try again in 10 "
            "seconds.\n";
        return "HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain; charset=utf-8\r\n"
               "Retry-After: 10\r\nConnection: close\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    beast::error_code ec;
    socket.non_blocking(true, ec);
    socket.write_some(net::buffer(kRefusal), ec);
    // Whatever request already arrived is read first: closing with unread data would send a
    // reset, and the client might then never see the answer.
    std::array<char, 4096> unread{};
    socket.read_some(net::buffer(unread), ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
    socket.close(ec);
}

Response internal_error(std::string_view what, std::string_view request_description) {
    const std::string id = new_error_id();
    log_error("error " + id + " \"" + std::string(request_description) +
              "\": " + std::string(what));
    return Response::text(std::string(kInternalErrorMessage) + "\n\nError ID: " + id + "\n", 500);
}

}  // namespace

//------------------------------------------------------------------------------

struct Server::Impl {
    Impl(ServerConfig cfg,
         std::function<Response(Request)> h,
         std::function<void(std::string_view)> log)
        : config(std::move(cfg)),
          handler(std::move(h)),
          access_log(std::move(log)),
          ioc(config.threads < 1 ? 1 : config.threads),
          control(net::make_strand(ioc)),
          acceptor(control),
          signals(control),
          shutdown_timer(control),
          accept_retry_timer(control) {}

    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);
    void begin_shutdown();
    void on_shutdown_tick(beast::error_code ec);
    void write_access_log(const std::string& line);
    void forget(Session* session);
    bool admit_client(const std::string& address);
    void release_client(const std::string& address);
    std::vector<std::shared_ptr<Session>> live_sessions();

    ServerConfig config;
    std::function<Response(Request)> handler;
    std::function<void(std::string_view)> access_log;
    std::mutex access_log_mutex;
    std::atomic<bool> stopping{false};
    std::atomic<unsigned short> bound_port{0};
    bool listening = false;

    // Declared before ioc on purpose: destroying ioc destroys sessions still queued in it, and
    // their destructors take themselves out of this map.
    std::mutex sessions_mutex;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
    std::unordered_map<std::string, int> connections_per_client;  // under sessions_mutex

    net::io_context ioc;
    // Accepting, signals and shutdown all run on this strand, so stop() can never race an
    // accept that is registering a new session.
    net::strand<net::io_context::executor_type> control;
    tcp::acceptor acceptor;
    net::signal_set signals;
    net::steady_timer shutdown_timer;
    net::steady_timer accept_retry_timer;
    std::chrono::steady_clock::time_point shutdown_deadline;
};

//------------------------------------------------------------------------------

namespace {

// One connection: reads requests one after another (keep-alive) and writes one response each.
// Everything it does runs on its own strand, so its members need no locking.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, Server::Impl& server)
        : stream_(std::move(socket)), server_(server) {
        beast::error_code ec;
        auto address = stream_.socket().remote_endpoint(ec).address();
        if (address.is_v6() && address.to_v6().is_v4_mapped()) {
            address = address.to_v6().to_v4();
        }
        remote_address_ = ec ? "-" : address.to_string();
    }

    ~Session() {
        if (!counted_address_.empty()) server_.release_client(counted_address_);
        server_.forget(this);
    }

    // The address this connection counts against in max_connections_per_client.
    void count_as(std::string address) { counted_address_ = std::move(address); }

    void run() {
        // The socket was accepted on this session's strand, so dispatch runs do_read on it.
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }

    // Called on the strand when the server starts shutting down. A connection between requests
    // is closed now; one with a request in progress is closed after its response.
    void shutdown_if_idle() {
        if (!busy_ && buffer_.size() == 0) stream_.close();
    }

    void force_close() { stream_.close(); }

    beast::tcp_stream::executor_type executor() { return stream_.get_executor(); }

private:
    void do_read() {
        if (server_.stopping) return do_close();
        busy_ = false;

        // A fresh parser per request, because limits and state are per message.
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.config.header_limit));
        parser_->body_limit(static_cast<std::uint64_t>(server_.config.body_limit));

        // One deadline for the whole request, so a client trickling bytes cannot hold the
        // connection open forever.
        stream_.expires_after(server_.config.read_timeout);

        // The header is read on its own first so a client that sent "Expect: 100-continue" can
        // be told to go ahead before it sends the body.
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            beast::bind_front_handler(&Session::on_read_header, shared_from_this()));
    }

    void on_read_header(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec) return on_read(ec, 0);
        busy_ = true;

        const auto& req = parser_->get();
        const auto expect = req.find(bhttp::field::expect);
        if (expect != req.end() && req.version() >= 11 &&
            iequals(trim(std::string_view(expect->value().data(), expect->value().size())),
                    "100-continue")) {
            static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            net::async_write(
                stream_, net::buffer(kContinue.data(), kContinue.size()),
                beast::bind_front_handler(&Session::on_continue_sent, shared_from_this()));
            return;
        }
        do_read_body();
    }

    void on_continue_sent(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec) return;  // the connection is gone; nothing to answer
        do_read_body();
    }

    void do_read_body() {
        bhttp::async_read(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t /*bytes*/) {
        // The client closed between requests, or a slow client ran out of time (tcp_stream has
        // already closed the socket), or the server closed an idle connection at shutdown.
        if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
            return do_close();
        }
        if (ec == beast::error::timeout || ec == net::error::operation_aborted) return;

        if (ec == bhttp::error::header_limit) {
            const std::string limit = describe_size(server_.config.header_limit);
            return send_error(431, "Request header fields too large: this server accepts at most " +
                                       limit +
                                       " of headers. Clearing this site's cookies may help.\n");
        }
        if (ec == bhttp::error::body_limit) {
            const std::string limit = describe_size(server_.config.body_limit);
            return send_error(
                413, "Content too large: this server accepts request bodies of at most " + limit +
                         ".\n");
        }
        if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
            return send_error(400, "Bad request: the request could not be read as HTTP (" +
                                       ec.message() + ").\n");
        }
        if (ec) return;  // reset by peer and the like: there is no one to answer

        handle_request();
    }

    void handle_request() {
        received_at_ = std::chrono::system_clock::now();
        started_ = std::chrono::steady_clock::now();
        log_client_ = remote_address_;  // until the headers say otherwise (behind a proxy)

        auto& breq = parser_->get();
        log_method_ = std::string(breq.method_string());
        log_target_ = std::string(breq.target());
        const std::string description = describe_request(log_method_, log_target_);

        Response res;
        try {
            Request req = make_request(log_method_, log_target_);
            for (const auto& field : breq) {
                req.headers.emplace_back(std::string(field.name_string()),
                                         std::string(field.value()));
            }
            auto client =
                client_behind_proxies(server_.config.trusted_proxies, remote_address_, req.headers);
            log_client_ = req.remote_address = std::move(client.address);
            req.scheme = std::move(client.scheme);
            req.body = std::move(breq.body());
            try {
                res = server_.handler(std::move(req));
            } catch (const HttpError& e) {
                res = Response::text(e.public_message() + "\n", e.status());
            } catch (const std::exception& e) {
                res = internal_error(e.what(), description);
            } catch (...) {
                res = internal_error("exception of unknown type", description);
            }
        } catch (const HttpError& e) {
            // The target could not be decoded, so the handler never sees this request.
            res = Response::text("Bad request: " + e.public_message() + "\n", e.status());
        } catch (const std::exception& e) {
            res = internal_error(e.what(), description);
        }

        const bool head = breq.method() == bhttp::verb::head;
        const auto accept_encoding = breq[bhttp::field::accept_encoding];
        send(std::move(res), head, std::string_view(accept_encoding.data(), accept_encoding.size()),
             breq.version(), breq.keep_alive(), false);
    }

    // Sends a short plain-text error for a request that could not be read, then closes: after
    // a parse error we no longer know where the next request would start.
    void send_error(int status, std::string message) {
        received_at_ = std::chrono::system_clock::now();
        started_ = std::chrono::steady_clock::now();
        // Whatever of the start line the parser got that far is logged; a request line too long
        // or too garbled to parse logs as "- -".
        const auto& partial = parser_->get();
        log_method_ = std::string(partial.method_string());
        log_target_ = std::string(partial.target());
        log_client_ = remote_address_;  // the headers were not read, so not believed
        const unsigned version = partial.version() == 10 ? 10 : 11;
        busy_ = true;
        send(Response::text(std::move(message), status), false, {}, version, false, true);
    }

    void send(Response res,
              bool head,
              std::string_view accept_encoding,
              unsigned version,
              bool keep_alive,
              bool linger) {
        const std::string description = describe_request(log_method_, log_target_);
        if (res.status < 200 || res.status > 599) {
            res = internal_error("handler returned status " + std::to_string(res.status),
                                 description);
        }
        // Response::set_header checks these, but handlers may push_back into headers directly.
        const auto bad_header = std::find_if(res.headers.begin(), res.headers.end(), [](auto& h) {
            return !is_valid_header_name(h.first) || !is_valid_header_value(h.second);
        });
        if (bad_header != res.headers.end()) {
            const std::string name = bad_header->first.substr(0, 64);
            res = internal_error("handler returned an invalid header: " + name, description);
        }
        if (res.stream && !is_bodiless_status(res.status)) {
            return send_streamed(std::move(res), version, keep_alive, head);
        }
        if (!head) {
            try {
                gzip_if_accepted(res, accept_encoding);
            } catch (const std::exception& e) {
                log_error("gzip failed, sending uncompressed: " + std::string(e.what()));
            }
        }

        auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
        out->version(version);
        out->result(static_cast<unsigned>(res.status));
        const std::string_view reason = reason_phrase(res.status);
        out->reason(beast::string_view(reason.data(), reason.size()));
        std::string head_length;
        for (auto& [name, value] : res.headers) {
            // Framing is the server's job: a handler's idea of these would be wrong or unsafe.
            if (iequals(name, "Content-Length")) {
                head_length = value;
                continue;
            }
            if (iequals(name, "Transfer-Encoding") || iequals(name, "Connection")) continue;
            out->insert(name, value);
        }
        if (out->find(bhttp::field::date) == out->end()) {
            out->set(bhttp::field::date, format_http_date(std::chrono::system_clock::now()));
        }
        // 1xx, 204 and 304 get neither a body nor a Content-Length (RFC 9110 forbids one on 204).
        if (!is_bodiless_status(res.status)) {
            if (head) {
                // HEAD announces the length GET would send; the router kept it when it dropped the
                // body.
                const bool valid = !head_length.empty() &&
                                   head_length.find_first_not_of("0123456789") == std::string::npos;
                out->set(bhttp::field::content_length,
                         valid ? head_length : std::to_string(res.body.size()));
            } else {
                out->body() = std::move(res.body);
                out->content_length(out->body().size());
            }
        }
        out->keep_alive(keep_alive && !server_.stopping);

        log_status_ = res.status;
        log_bytes_ = out->body().size();
        linger_ = linger;
        res_ = out;

        // The handler may have taken longer than the read deadline; give the write its own.
        stream_.expires_after(server_.config.read_timeout);
        bhttp::async_write(stream_, *res_,
                           beast::bind_front_handler(&Session::on_write, shared_from_this(),
                                                     res_->need_eof() || !res_->keep_alive()));
    }

    // A streamed answer (Response::stream): the header, then one chunk per piece, then the last
    // chunk. The producer is asked for the next piece only once the client has taken the previous
    // one, so however slowly it reads, one piece is all this answer holds in memory. HTTP/1.0 has
    // no chunks: the pieces are sent as they are and the connection closes at the end. HEAD gets
    // the header GET would have, and nothing is produced.
    void send_streamed(Response res, unsigned version, bool keep_alive, bool head) {
        auto header = std::make_shared<bhttp::response<bhttp::empty_body>>();
        header->version(version);
        header->result(static_cast<unsigned>(res.status));
        const std::string_view reason = reason_phrase(res.status);
        header->reason(beast::string_view(reason.data(), reason.size()));
        for (auto& [name, value] : res.headers) {
            if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
                iequals(name, "Connection"))
                continue;
            header->insert(name, value);
        }
        if (header->find(bhttp::field::date) == header->end()) {
            header->set(bhttp::field::date, format_http_date(std::chrono::system_clock::now()));
        }
        chunked_ = version >= 11;
        header->chunked(chunked_);
        header->keep_alive(chunked_ && keep_alive && !server_.stopping);
        stream_close_ = !header->keep_alive();

        log_status_ = res.status;
        log_bytes_ = 0;
        linger_ = false;
        producer_ = head ? nullptr : std::move(res.stream);
        stream_header_ = header;
        serializer_ = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*header);
        stream_.expires_after(server_.config.read_timeout);
        bhttp::async_write_header(
            stream_, *serializer_,
            beast::bind_front_handler(&Session::on_piece_written, shared_from_this()));
    }

    void on_piece_written(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec || !producer_) return end_stream(ec);
        piece_.clear();
        bool more = false;
        try {
            more = producer_(piece_);
        } catch (const std::exception& e) {
            // The status line has gone, so the client can only be told by the answer ending
            // early: closing without the last chunk marks it as incomplete.
            log_error("streamed answer to \"" + describe_request(log_method_, log_target_) +
                      "\" failed part-way: " + e.what());
            stream_.close();
            return end_stream(net::error::operation_aborted);
        } catch (...) {
            log_error("streamed answer to \"" + describe_request(log_method_, log_target_) +
                      "\" failed part-way with an exception of unknown type");
            stream_.close();
            return end_stream(net::error::operation_aborted);
        }
        stream_.expires_after(server_.config.read_timeout);
        if (!more) {
            piece_.clear();
            producer_ = nullptr;  // frees what it holds (an export slot) before the last bytes
            if (!chunked_) return on_stream_done({}, 0);
            return net::async_write(
                stream_, bhttp::make_chunk_last(),
                beast::bind_front_handler(&Session::on_stream_done, shared_from_this()));
        }
        log_bytes_ += piece_.size();
        if (piece_.empty()) return on_piece_written({}, 0);
        auto next = beast::bind_front_handler(&Session::on_piece_written, shared_from_this());
        if (chunked_)
            return net::async_write(stream_, bhttp::make_chunk(net::buffer(piece_)),
                                    std::move(next));
        net::async_write(stream_, net::buffer(piece_), std::move(next));
    }

    void on_stream_done(beast::error_code ec, std::size_t /*bytes*/) { end_stream(ec); }

    void end_stream(beast::error_code ec) {
        producer_ = nullptr;
        serializer_.reset();
        stream_header_.reset();
        piece_ = std::string();
        on_write(stream_close_, ec, 0);
    }

    void on_write(bool close, beast::error_code ec, std::size_t /*bytes*/) {
        server_.write_access_log(format_access_log_line(
            received_at_, address_for_log(log_client_, server_.config.address_in_log), log_method_,
            log_target_, log_status_, log_bytes_, std::chrono::steady_clock::now() - started_));
        res_.reset();
        busy_ = false;

        if (ec) return;  // the client went away or stopped reading; the socket closes with us
        if (linger_) return do_linger();
        if (close || server_.stopping) return do_close();
        do_read();
    }

    void do_close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        // The socket closes when the last handler holding this session returns.
    }

    void do_linger() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.expires_after(
            std::min<std::chrono::steady_clock::duration>(server_.config.read_timeout, kMaxLinger));
        buffer_.clear();
        read_and_discard();
    }

    void read_and_discard() {
        stream_.async_read_some(
            net::buffer(discard_),
            [self = shared_from_this()](beast::error_code ec, std::size_t /*bytes*/) {
                if (!ec) self->read_and_discard();
            });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::shared_ptr<bhttp::response<bhttp::string_body>> res_;  // alive until the write ends
    Server::Impl& server_;
    std::string remote_address_;
    bool busy_ = false;  // a request is being read (past its header), handled or answered
    bool linger_ = false;
    std::array<char, 4096> discard_{};
    std::string counted_address_;
    // A streamed answer in progress (send_streamed).
    std::function<bool(std::string&)> producer_;
    std::shared_ptr<bhttp::response<bhttp::empty_body>> stream_header_;
    std::shared_ptr<bhttp::response_serializer<bhttp::empty_body>> serializer_;
    std::string piece_;
    bool chunked_ = false;
    bool stream_close_ = false;

    std::chrono::system_clock::time_point received_at_;
    std::chrono::steady_clock::time_point started_;
    std::string log_client_;
    std::string log_method_;
    std::string log_target_;
    int log_status_ = 0;
    std::size_t log_bytes_ = 0;
};

}  // namespace

//------------------------------------------------------------------------------

void Server::Impl::do_accept() {
    if (stopping) return;
    // Each connection gets its own strand, as in Beast's examples.
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        on_accept(ec, std::move(socket));
    });
}

void Server::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
    if (stopping || ec == net::error::operation_aborted) return;
    if (ec) {
        // Typically "too many open files". Retrying at once would spin, so wait a little.
        log_error("accept failed: " + ec.message());
        accept_retry_timer.expires_after(kAcceptRetryDelay);
        accept_retry_timer.async_wait([this](beast::error_code wait_ec) {
            if (!wait_ec) do_accept();
        });
        return;
    }
    std::string address = connection_address(socket);
    if (!admit_client(address)) {
        refuse_connection(socket);
        return do_accept();
    }
    auto session = std::make_shared<Session>(std::move(socket), *this);
    session->count_as(std::move(address));
    {
        std::lock_guard lock(sessions_mutex);
        sessions.emplace(session.get(), session);
    }
    session->run();
    do_accept();
}

void Server::Impl::begin_shutdown() {
    if (stopping.exchange(true)) return;
    beast::error_code ec;
    acceptor.close(ec);
    // Giving the signals back to their default action means a second Ctrl+C during the grace
    // period ends the process at once, as people expect.
    signals.clear(ec);
    signals.cancel(ec);
    accept_retry_timer.cancel();

    for (auto& session : live_sessions()) {
        net::post(session->executor(), [session] { session->shutdown_if_idle(); });
    }
    shutdown_deadline = std::chrono::steady_clock::now() + config.shutdown_grace;
    shutdown_timer.expires_after(kShutdownPollInterval);
    shutdown_timer.async_wait([this](beast::error_code wait_ec) { on_shutdown_tick(wait_ec); });
}

void Server::Impl::on_shutdown_tick(beast::error_code ec) {
    if (ec) return;
    const auto remaining = live_sessions();
    // With no sessions, the timer not rearmed and the acceptor closed, the io_context runs out
    // of work and every run() thread returns.
    if (remaining.empty()) return;
    if (std::chrono::steady_clock::now() < shutdown_deadline) {
        shutdown_timer.expires_after(kShutdownPollInterval);
        shutdown_timer.async_wait([this](beast::error_code wait_ec) { on_shutdown_tick(wait_ec); });
        return;
    }
    log_error("shutdown: closing " + std::to_string(remaining.size()) +
              " connection(s) still busy after the grace period");
    for (const auto& session : remaining) {
        net::post(session->executor(), [session] { session->force_close(); });
    }
    // A handler that never returns would keep its thread; stop() makes the others return now.
    ioc.stop();
}

void Server::Impl::write_access_log(const std::string& line) {
    if (!access_log) return;
    std::lock_guard lock(access_log_mutex);
    try {
        access_log(line);
    } catch (const std::exception& e) {
        log_error("access log failed: " + std::string(e.what()));
    } catch (...) {
        log_error("access log failed");
    }
}

bool Server::Impl::admit_client(const std::string& address) {
    if (config.max_connections_per_client < 1) return true;
    std::lock_guard lock(sessions_mutex);
    int& open = connections_per_client[address];
    if (open >= config.max_connections_per_client) return false;
    ++open;
    return true;
}

void Server::Impl::release_client(const std::string& address) {
    if (config.max_connections_per_client < 1) return;
    std::lock_guard lock(sessions_mutex);
    const auto it = connections_per_client.find(address);
    if (it != connections_per_client.end() && --it->second <= 0) connections_per_client.erase(it);
}

void Server::Impl::forget(Session* session) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(session);
}

std::vector<std::shared_ptr<Session>> Server::Impl::live_sessions() {
    // The caller must drop these outside the lock: the last reference to a session may be one
    // of them, and its destructor takes the lock to remove itself.
    std::vector<std::shared_ptr<Session>> live;
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
        if (auto session = weak.lock()) live.push_back(std::move(session));
    }
    return live;
}

//------------------------------------------------------------------------------

Server::Server(ServerConfig config,
               std::function<Response(Request)> handler,
               std::function<void(std::string_view line)> access_log)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(handler), std::move(access_log))) {}

Server::~Server() = default;

void Server::listen() {
    Impl& s = *impl_;
    if (s.listening) throw std::logic_error("Server::listen() called twice");
    const ServerConfig& cfg = s.config;
    const std::string prefix =
        "Could not listen on " + host_and_port(cfg.bind_address, cfg.port) + ": ";

    beast::error_code ec;
    tcp::endpoint endpoint;
    const auto address = net::ip::make_address(cfg.bind_address, ec);
    if (!ec) {
        endpoint = tcp::endpoint(address, cfg.port);
    } else {
        // Allow a host name such as "localhost"; its first address is used.
        tcp::resolver resolver(s.ioc);
        const auto results = resolver.resolve(cfg.bind_address, std::to_string(cfg.port),
                                              tcp::resolver::passive, ec);
        if (ec || results.empty()) {
            throw std::runtime_error(prefix + "\"" + cfg.bind_address +
                                     "\" is not an IP address or a known host name. Use an "
                                     "address such as 127.0.0.1 (this machine only) or 0.0.0.0 "
                                     "(all interfaces).");
        }
        endpoint = results.begin()->endpoint();
    }

    auto fail = [&](beast::error_code error) {
        beast::error_code ignored;
        s.acceptor.close(ignored);
        if (error == net::error::address_in_use) {
            throw std::runtime_error(prefix +
                                     "the port is already in use. Stop the other program or "
                                     "choose another port with --port.");
        }
        if (error == boost::system::errc::address_not_available) {
            throw std::runtime_error(prefix +
                                     "this machine has no network interface with that address. "
                                     "Use 127.0.0.1 (this machine only) or 0.0.0.0 (all "
                                     "interfaces).");
        }
        if (error == net::error::access_denied && cfg.port != 0 && cfg.port < 1024) {
            throw std::runtime_error(prefix +
                                     "permission denied: ports below 1024 need administrator "
                                     "rights. Choose a port of 1024 or above with --port.");
        }
        if (error == net::error::access_denied) {
            throw std::runtime_error(prefix + "permission denied by the system.");
        }
        throw std::runtime_error(prefix + error.message() + ".");
    };

    s.acceptor.open(endpoint.protocol(), ec);
    if (ec) fail(ec);
    // Lets a restarted server bind while connections of the previous one are in TIME_WAIT. On
    // Linux it does not allow two listeners on one port, so "already in use" is still reported.
    s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (ec) fail(ec);
    s.acceptor.bind(endpoint, ec);
    if (ec) fail(ec);
    s.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) fail(ec);

    s.bound_port = s.acceptor.local_endpoint(ec).port();
    s.listening = true;
    // Catch SIGINT/SIGTERM from here on, not only once run() starts: a supervisor that sees
    // "serving" and at once asks us to stop must still get a clean shutdown. A signal that
    // arrives before run() waits is queued by the signal_set.
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
}

unsigned short Server::port() const {
    return impl_->bound_port;
}

void Server::run() {
    Impl& s = *impl_;
    if (!s.listening) throw std::logic_error("Server::run() called before listen() succeeded");

    s.signals.async_wait([&s](beast::error_code ec, int /*signal*/) {
        if (!ec) s.begin_shutdown();
    });
    net::post(s.control, [&s] { s.do_accept(); });

    auto run_loop = [&s] {
        // Handlers' exceptions are caught where they are called; this only guards against one
        // escaping from the I/O layer itself taking the whole server down.
        for (;;) {
            try {
                s.ioc.run();
                return;
            } catch (const std::exception& e) {
                log_error("unexpected exception in the I/O loop: " + std::string(e.what()));
            }
        }
    };
    std::vector<std::thread> threads;
    const int count = s.config.threads < 1 ? 1 : s.config.threads;
    threads.reserve(static_cast<std::size_t>(count - 1));
    for (int i = 1; i < count; ++i) threads.emplace_back(run_loop);
    run_loop();
    for (auto& t : threads) t.join();
}

void Server::stop() {
    Impl& s = *impl_;
    net::post(s.control, [&s] { s.begin_shutdown(); });
}

}  // namespace lo::http
