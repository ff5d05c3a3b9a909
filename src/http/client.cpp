// The harvester's HTTP(S) client on Boost.Beast/Asio. Each step (resolve, connect, handshake,
// write, read) is started asynchronously and the io_context is run until the step completes or
// the overall deadline passes; then everything is cancelled and the fetch fails with a message.
#include "http/client.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <zlib.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <functional>
#include <optional>

namespace lo::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string megabytes(std::size_t bytes) {
    return std::to_string((bytes + 1024 * 1024 - 1) / (1024 * 1024)) + " MB";
}

// Inflates a gzip body, refusing to grow past max_bytes.
std::string gunzip(const std::string& in, std::size_t max_bytes, const std::string& url) {
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        throw FetchError("Could not decompress the answer from " + url + ".");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    std::string out;
    char buffer[64 * 1024];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw FetchError("The answer from " + url +
                             " says it is gzip-compressed but could not be decompressed (it may "
                             "have been cut short). Try again.");
        }
        out.append(buffer, sizeof buffer - zs.avail_out);
        if (out.size() > max_bytes) {
            inflateEnd(&zs);
            throw FetchError("The answer from " + url + " is larger than " + megabytes(max_bytes) +
                             ", so it was not read.");
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            throw FetchError("The gzip-compressed answer from " + url +
                             " ends too early. It may have been cut short. Try again.");
        }
    }
    inflateEnd(&zs);
    return out;
}

// Runs one asynchronous step to completion or to the deadline.
class Steps {
public:
    Steps(asio::io_context& ioc, Clock::time_point deadline, std::string host, std::string timeout)
        : ioc_(ioc),
          deadline_(deadline),
          host_(std::move(host)),
          timeout_text_(std::move(timeout)) {}

    // start(done) begins the operation and calls done(ec) when it completes; cancel() stops it.
    error_code run(const std::function<void(std::function<void(error_code)>)>& start,
                   const std::function<void()>& cancel) {
        bool finished = false;
        error_code result;
        start([&](error_code ec) {
            result = ec;
            finished = true;
        });
        ioc_.restart();
        ioc_.run_until(deadline_);
        if (!finished) {
            cancel();
            ioc_.restart();
            ioc_.run();
            throw FetchError(host_ + " did not answer within " + timeout_text_ +
                             ". It may be down or very slow: try again later.");
        }
        return result;
    }

private:
    asio::io_context& ioc_;
    Clock::time_point deadline_;
    std::string host_;
    std::string timeout_text_;
};

std::string ssl_reason(const error_code& ec) {
    if (ec.category() == asio::error::get_ssl_category()) {
        std::string reason = ERR_reason_error_string(ec.value())
                                 ? ERR_reason_error_string(ec.value())
                                 : ec.message();
        return reason;
    }
    return ec.message();
}

template <class Stream>
FetchResult exchange(Stream& stream,
                     Steps& steps,
                     const ParsedUrl& u,
                     const std::string& url,
                     const FetchOptions& options,
                     const std::function<void()>& cancel) {
    bhttp::request<bhttp::string_body> req{options.post_form ? bhttp::verb::post : bhttp::verb::get,
                                           u.target, 11};
    req.set(bhttp::field::host, u.authority());
    if (!options.authorization.empty()) req.set(bhttp::field::authorization, options.authorization);
    if (options.post_form) {
        req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
        req.body() = options.form_body;
        req.prepare_payload();
    }
    req.set(bhttp::field::user_agent, options.user_agent);
    req.set(bhttp::field::accept, options.accept);
    if (options.gzip) req.set(bhttp::field::accept_encoding, "gzip");
    req.set(bhttp::field::connection, "close");
    auto ec = steps.run(
        [&](auto done) {
            bhttp::async_write(stream, req, [done](error_code e, std::size_t) { done(e); });
        },
        cancel);
    if (ec) throw FetchError("Could not send the request to " + u.host + ": " + ec.message() + ".");

    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(options.max_bytes);
    parser.header_limit(64 * 1024);
    ec = steps.run(
        [&](auto done) {
            bhttp::async_read(stream, buffer, parser,
                              [done](error_code e, std::size_t) { done(e); });
        },
        cancel);
    if (ec == bhttp::error::body_limit)
        throw FetchError("The answer from " + url + " is larger than " +
                         megabytes(options.max_bytes) + ", so it was not read.");
    if (ec == bhttp::error::partial_message || ec == bhttp::error::short_read ||
        ec == asio::error::eof || ec == asio::error::connection_reset)
        throw FetchError(u.host + " closed the connection before the answer to " + url +
                         " was complete. Try again.");
    if (ec)
        throw FetchError("The answer from " + u.host + " for " + url +
                         " is not a valid HTTP response (" + ec.message() + ").");
    auto res = parser.release();
    FetchResult out;
    out.status = static_cast<int>(res.result_int());
    out.content_type = std::string(res[bhttp::field::content_type]);
    out.url = url;
    const auto encoding = lower(std::string(res[bhttp::field::content_encoding]));
    if (encoding == "gzip" || encoding == "x-gzip")
        out.body = gunzip(res.body(), options.max_bytes, url);
    else
        out.body = std::move(res.body());
    if (const auto location = res[bhttp::field::location]; !location.empty())
        out.location = resolve_location(url, std::string(location));
    return out;
}

FetchResult fetch_once(const std::string& url,
                       const FetchOptions& options,
                       Clock::time_point deadline,
                       ssl::context* tls) {
    const auto u = parse_url(url);
    asio::io_context ioc;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.timeout).count();
    Steps steps(ioc, deadline, u.authority(),
                seconds == 1 ? "1 second" : std::to_string(seconds) + " seconds");

    tcp::resolver resolver(ioc);
    tcp::resolver::results_type endpoints;
    auto ec = steps.run(
        [&](auto done) {
            resolver.async_resolve(u.host, u.port,
                                   [&endpoints, done](error_code e, tcp::resolver::results_type r) {
                                       endpoints = std::move(r);
                                       done(e);
                                   });
        },
        [&] { resolver.cancel(); });
    if (ec)
        throw FetchError("Could not connect to " + u.authority() + ": the name was not found (" +
                         ec.message() + "). Check the address is spelt right.");

    tcp::socket socket(ioc);
    const auto connect = [&](tcp::socket& s) {
        auto e = steps.run(
            [&](auto done) {
                asio::async_connect(s, endpoints,
                                    [done](error_code e2, const tcp::endpoint&) { done(e2); });
            },
            [&] {
                error_code ignored;
                s.close(ignored);
            });
        if (e)
            throw FetchError("Could not connect to " + u.authority() + ": " + e.message() +
                             ". Check the address and that the server is running.");
    };

    if (u.scheme == "http") {
        connect(socket);
        return exchange(socket, steps, u, url, options, [&] {
            error_code ignored;
            socket.close(ignored);
        });
    }

    ssl::stream<tcp::socket> stream(ioc, *tls);
    connect(stream.next_layer());
    if (!SSL_set_tlsext_host_name(stream.native_handle(), u.host.c_str()))
        throw FetchError("Could not set up a secure connection to " + u.authority() + ".");
    stream.set_verify_mode(ssl::verify_peer);
    stream.set_verify_callback(ssl::host_name_verification(u.host));
    const auto close = [&] {
        error_code ignored;
        stream.next_layer().close(ignored);
    };
    ec = steps.run(
        [&](auto done) {
            stream.async_handshake(ssl::stream_base::client, [done](error_code e) { done(e); });
        },
        close);
    if (ec)
        throw FetchError("Could not make a secure (https) connection to " + u.authority() + ": " +
                         ssl_reason(ec) +
                         ". The site's certificate may be out of date or not match its name.");
    return exchange(stream, steps, u, url, options, close);
}

}  // namespace

std::string ParsedUrl::authority() const {
    const bool default_port =
        (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
    const auto h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return default_port ? h : h + ":" + port;
}

ParsedUrl parse_url(const std::string& url) {
    const auto bad = [&](const std::string& why) {
        return FetchError("\"" + (url.size() > 200 ? url.substr(0, 200) + "..." : url) +
                          "\" is not a web address I can fetch: " + why);
    };
    ParsedUrl u;
    const auto colon = url.find("://");
    if (colon == std::string::npos)
        throw bad("it must start with http:// or https://, like https://example.org/openreferral.");
    u.scheme = lower(url.substr(0, colon));
    if (u.scheme != "http" && u.scheme != "https")
        throw bad("only http:// and https:// addresses are allowed.");
    const auto rest = url.substr(colon + 3);
    const auto slash = rest.find_first_of("/?#");
    auto authority = rest.substr(0, slash);
    u.target = slash == std::string::npos ? "/" : rest.substr(slash);
    if (const auto hash = u.target.find('#'); hash != std::string::npos) u.target.erase(hash);
    if (u.target.empty() || u.target[0] != '/') u.target = "/" + u.target;
    if (authority.find('@') != std::string::npos)
        throw bad("user names and passwords in the address are not supported.");
    if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; }))
        throw bad("it contains spaces or control characters.");
    if (!authority.empty() && authority[0] == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos) throw bad("the [IPv6 address] is not closed.");
        u.host = authority.substr(1, close - 1);
        const auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') throw bad("the port must follow the host after a colon.");
            u.port = after.substr(1);
        }
    } else {
        const auto c = authority.rfind(':');
        u.host = authority.substr(0, c);
        if (c != std::string::npos) u.port = authority.substr(c + 1);
    }
    if (u.host.empty()) throw bad("it has no host name.");
    if (u.port.empty()) u.port = u.scheme == "https" ? "443" : "80";
    if (u.port.size() > 5 ||
        !std::all_of(u.port.begin(), u.port.end(),
                     [](unsigned char c) { return std::isdigit(c); }) ||
        std::stoi(u.port) < 1 || std::stoi(u.port) > 65535)
        throw bad("the port must be a number from 1 to 65535.");
    u.host = lower(u.host);
    return u;
}

std::string resolve_location(const std::string& base, const std::string& location) {
    if (location.find("://") != std::string::npos) return location;
    const auto u = parse_url(base);
    const auto origin = u.scheme + "://" + u.authority();
    if (location.starts_with("//")) return u.scheme + ":" + location;
    if (location.starts_with("/")) return origin + location;
    auto dir = u.target.substr(0, u.target.find('?'));
    dir.erase(dir.rfind('/') + 1);
    return origin + dir + location;
}

FetchResult fetch(const std::string& url, const FetchOptions& options) {
    const auto deadline = Clock::now() + options.timeout;
    std::optional<ssl::context> tls;
    std::string current = url;
    for (int redirects = 0;; ++redirects) {
        const auto u = parse_url(current);
        if (u.scheme == "https" && !tls) {
            tls.emplace(ssl::context::tls_client);
            tls->set_default_verify_paths();
            tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                             ssl::context::no_tlsv1_1);
        }
        auto result = fetch_once(current, options, deadline, tls ? &*tls : nullptr);
        const int s = result.status;
        const bool redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
        result.url = current;
        if (!redirect || result.location.empty() || options.post_form) return result;
        if (redirects >= options.max_redirects)
            throw FetchError(url + " redirected more than " +
                             std::to_string(options.max_redirects) +
                             " times, so I stopped following it. Check the address.");
        const auto next = parse_url(result.location);
        if (u.scheme == "https" && next.scheme == "http")
            throw FetchError(current + " redirected from https to plain http (" + result.location +
                             "), which is not safe, so I stopped. Use the https address.");
        current = result.location;
    }
}

}  // namespace lo::http
