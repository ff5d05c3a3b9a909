// Tests for http/server.hpp over real loopback sockets: a Server on 127.0.0.1, port 0, in a thread,
// driven by plain POSIX sockets so this file needs no Boost.
#include "http/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "http/router.hpp"

namespace lo::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

ServerConfig test_config() {
    ServerConfig config;
    config.bind_address = "127.0.0.1";
    config.port = 0;
    config.threads = 2;
    config.read_timeout = 5s;
    config.shutdown_grace = 2s;
    return config;
}

// Runs a Server on a background thread for the length of a test and collects its access log.
class TestServer {
public:
    TestServer(ServerConfig config, std::function<Response(Request)> handler)
        : server_(std::move(config), std::move(handler), [this](std::string_view line) {
              std::lock_guard lock(mutex_);
              lines_.emplace_back(line);
              changed_.notify_all();
          }) {
        server_.listen();
        thread_ = std::thread([this] { server_.run(); });
    }

    ~TestServer() { stop_and_wait(); }

    unsigned short port() const { return server_.port(); }
    Server& server() { return server_; }

    void stop_and_wait() {
        if (!thread_.joinable()) return;
        server_.stop();
        thread_.join();
    }

    // Waits up to a second for the server to log at least n lines: the line is written after the
    // response, so the client may see the response first.
    std::vector<std::string> wait_for_lines(std::size_t n) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, 1s, [&] { return lines_.size() >= n; });
        return lines_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> lines_;
    Server server_;
    std::thread thread_;
};

struct Reply {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    std::string header(std::string_view name) const {
        for (const auto& [key, value] : headers) {
            if (key.size() == name.size() &&
                std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) ==
                           std::tolower(static_cast<unsigned char>(b));
                })) {
                return value;
            }
        }
        return "";
    }
};

// A blocking HTTP/1.1 client on one TCP connection, with a receive timeout so a broken server
// fails the test instead of hanging it.
class Client {
public:
    explicit Client(unsigned short port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) throw std::runtime_error("socket() failed");
        timeval tv{3, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            throw std::runtime_error(std::string("connect() failed: ") + std::strerror(errno));
        }
    }
    ~Client() { ::close(fd_); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    void send(std::string_view data) {
        while (!data.empty()) {
            const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) throw std::runtime_error("send() failed");
            data.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    // Reads one response. For a reply to HEAD pass expect_body = false.
    Reply read_reply(bool expect_body = true) {
        std::size_t end;
        while ((end = buffered_.find("\r\n\r\n")) == std::string::npos) {
            if (!fill()) throw std::runtime_error("connection closed before a full header");
        }
        const std::string head = buffered_.substr(0, end + 2);
        buffered_.erase(0, end + 4);

        Reply reply;
        std::size_t line_end = head.find("\r\n");
        const std::string status_line = head.substr(0, line_end);
        if (status_line.rfind("HTTP/1.", 0) != 0) throw std::runtime_error("bad status line");
        reply.status = std::stoi(status_line.substr(9, 3));
        while (line_end + 2 < head.size()) {
            const std::size_t next = head.find("\r\n", line_end + 2);
            const std::string line = head.substr(line_end + 2, next - line_end - 2);
            const std::size_t colon = line.find(':');
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            reply.headers.emplace_back(line.substr(0, colon), value);
            line_end = next;
        }
        const std::string length = reply.header("Content-Length");
        if (expect_body && !length.empty()) {
            const auto n = static_cast<std::size_t>(std::stoul(length));
            while (buffered_.size() < n) {
                if (!fill()) throw std::runtime_error("connection closed in the body");
            }
            reply.body = buffered_.substr(0, n);
            buffered_.erase(0, n);
        }
        return reply;
    }

    // True if the server closes the connection (EOF or reset) within the receive timeout.
    bool closed_by_server() {
        char c;
        const ssize_t n = ::recv(fd_, &c, 1, 0);
        return n == 0 || (n < 0 && errno == ECONNRESET);
    }

    // Waits for `text` to arrive, without consuming it.
    bool wait_for(std::string_view text) {
        while (buffered_.find(text) == std::string::npos) {
            if (!fill()) return false;
        }
        return true;
    }

    void discard(std::size_t n) { buffered_.erase(0, n); }

private:
    bool fill() {
        char chunk[8192];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffered_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int fd_ = -1;
    std::string buffered_;
};

std::string get_request(std::string_view target, std::string_view extra_headers = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" +
           std::string(extra_headers) + "\r\n";
}

Response echo(const Request& req) {
    return Response::text(req.path + "|" + req.query_value("q").value_or("") + "|" +
                          std::string(req.header("x-test")) + "|" + req.body + "|" +
                          req.remote_address);
}

TEST(Server, AnswersAGetAndLogsOneLineWithoutTheQuery) {
    TestServer server(test_config(), echo);
    Client client(server.port());
    client.send(get_request("/hello?q=salt&token=secret", "X-Test: yes\r\n"));
    const Reply reply = client.read_reply();

    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "/hello|salt|yes||127.0.0.1");
    EXPECT_EQ(reply.header("Content-Length"), std::to_string(reply.body.size()));
    EXPECT_EQ(reply.header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_TRUE(std::regex_match(reply.header("Date"),
                                 std::regex("[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} "
                                            "\\d\\d:\\d\\d:\\d\\d GMT")))
        << reply.header("Date");
    EXPECT_EQ(reply.header("Server"), "");

    // The handler sees the full address; the access log, by default, only its truncated form
    // (access_log_address = truncated, docs/privacy.md).
    const auto lines = server.wait_for_lines(1);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_TRUE(
        std::regex_match(lines[0], std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ "
                                              "127\\.0\\.0\\.0 \"GET /hello\" 200 " +
                                              std::to_string(reply.body.size()) + " \\d+\\.\\dms")))
        << lines[0];
    EXPECT_EQ(lines[0].find("secret"), std::string::npos);
}

TEST(Server, KeepsTheConnectionAliveBetweenRequests) {
    TestServer server(test_config(), echo);
    Client client(server.port());
    client.send(get_request("/one"));
    EXPECT_EQ(client.read_reply().body, "/one||||127.0.0.1");
    client.send(get_request("/two"));
    const Reply second = client.read_reply();
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(second.body, "/two||||127.0.0.1");
    EXPECT_EQ(server.wait_for_lines(2).size(), 2u);
}

TEST(Server, AnswersPipelinedRequestsInOrder) {
    TestServer server(test_config(), echo);
    Client client(server.port());
    client.send(get_request("/a") + get_request("/b") + get_request("/c"));
    EXPECT_EQ(client.read_reply().body, "/a||||127.0.0.1");
    EXPECT_EQ(client.read_reply().body, "/b||||127.0.0.1");
    EXPECT_EQ(client.read_reply().body, "/c||||127.0.0.1");
}

TEST(Server, PassesTheBodyAndHonoursExpectContinue) {
    TestServer server(test_config(), echo);
    Client client(server.port());
    client.send(
        "POST /form HTTP/1.1\r\nHost: test\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
    ASSERT_TRUE(client.wait_for("HTTP/1.1 100 Continue\r\n\r\n"));
    client.discard(std::strlen("HTTP/1.1 100 Continue\r\n\r\n"));
    client.send("name=Alice+");
    const Reply reply = client.read_reply();
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "/form|||name=Alice+|127.0.0.1");
}

TEST(Server, Oversized64KbHeaderGets431AndClose) {
    std::atomic<int> calls{0};
    TestServer server(test_config(), [&](Request) {
        ++calls;
        return Response::text("should not be called");
    });
    Client client(server.port());
    client.send(get_request("/", "X-Big: " + std::string(64 * 1024, 'a') + "\r\n"));
    const Reply reply = client.read_reply();
    EXPECT_EQ(reply.status, 431);
    EXPECT_EQ(reply.body,
              "Request header fields too large: this server accepts at most 16 KB of headers. "
              "Clearing this site's cookies may help.\n");
    EXPECT_EQ(reply.header("Connection"), "close");
    EXPECT_TRUE(client.closed_by_server());
    EXPECT_EQ(calls, 0);
    const auto lines = server.wait_for_lines(1);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("\"GET /\" 431"), std::string::npos) << lines[0];
}

TEST(Server, BodyOverTheLimitGets413AndClose) {
    ServerConfig config = test_config();
    config.body_limit = 1024;
    TestServer server(config, echo);
    Client client(server.port());
    client.send("POST /upload?name=x HTTP/1.1\r\nHost: test\r\nContent-Length: 4096\r\n\r\n" +
                std::string(4096, 'b'));
    const Reply reply = client.read_reply();
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(reply.body,
              "Content too large: this server accepts request bodies of at most 1 KB.\n");
    EXPECT_TRUE(client.closed_by_server());
    const auto lines = server.wait_for_lines(1);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("\"POST /upload\" 413"), std::string::npos) << lines[0];
}

TEST(Server, MalformedRequestLineGets400AndClose) {
    TestServer server(test_config(), echo);
    Client client(server.port());
    client.send("THIS IS NOT HTTP\r\n\r\n");
    const Reply reply = client.read_reply();
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(reply.body.rfind("Bad request: the request could not be read as HTTP", 0), 0u)
        << reply.body;
    EXPECT_TRUE(client.closed_by_server());
    const auto lines = server.wait_for_lines(1);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find(" 400 "), std::string::npos) << lines[0];
}

TEST(Server, MalformedPercentEncodingGets400WithoutCallingTheHandler) {
    std::atomic<int> calls{0};
    TestServer server(test_config(), [&](Request req) {
        ++calls;
        return echo(req);
    });
    Client client(server.port());
    client.send(get_request("/services/%zz"));
    const Reply reply = client.read_reply();
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(reply.body,
              "Bad request: The web address contains a \"%\" that is not followed by two "
              "hexadecimal digits.\n");
    EXPECT_EQ(calls, 0);

    // The request itself was well-formed HTTP, so the connection stays usable.
    client.send(get_request("/ok"));
    EXPECT_EQ(client.read_reply().status, 200);
}

TEST(Server, ThrowingHandlerGets500AndTheServerCarriesOn) {
    TestServer server(test_config(), [](Request req) -> Response {
        if (req.path == "/boom") throw std::runtime_error("disk on fire");
        return Response::text("fine");
    });
    Client client(server.port());
    testing::internal::CaptureStderr();
    client.send(get_request("/boom"));
    const Reply reply = client.read_reply();
    server.wait_for_lines(1);
    const std::string log = testing::internal::GetCapturedStderr();
    EXPECT_EQ(reply.status, 500);
    EXPECT_EQ(reply.body.find("disk on fire"), std::string::npos);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(reply.body, m, std::regex("Error ID: ([0-9a-f]{8})")));
    EXPECT_NE(log.find(std::string(m[1]) + " \"GET /boom\": disk on fire"), std::string::npos)
        << log;

    client.send(get_request("/next"));
    EXPECT_EQ(client.read_reply().body, "fine");
}

TEST(Server, GzipsLargeTextAndAnswersHeadWithoutBody) {
    const std::string page(5000, 'x');
    Router router;
    router.get("/page", [&](const Request&) { return Response::html(page); });
    TestServer server(test_config(), [&](Request req) { return router.dispatch(std::move(req)); });
    Client client(server.port());

    client.send(get_request("/page", "Accept-Encoding: gzip, deflate\r\n"));
    const Reply gzipped = client.read_reply();
    EXPECT_EQ(gzipped.status, 200);
    EXPECT_EQ(gzipped.header("Content-Encoding"), "gzip");
    EXPECT_EQ(gzipped.header("Vary"), "Accept-Encoding");
    EXPECT_LT(gzipped.body.size(), 200u);
    EXPECT_EQ(gzipped.body.substr(0, 2), "\x1F\x8B");

    client.send(get_request("/page"));
    const Reply plain = client.read_reply();
    EXPECT_EQ(plain.header("Content-Encoding"), "");
    EXPECT_EQ(plain.body, page);

    client.send("HEAD /page HTTP/1.1\r\nHost: test\r\n\r\n");
    const Reply head = client.read_reply(false);
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("Content-Length"), "5000");
    // If HEAD had sent body bytes, this next reply would not parse.
    client.send(get_request("/missing"));
    EXPECT_EQ(client.read_reply().status, 404);
}

TEST(Server, SlowClientDoesNotBlockOthersAndIsDropped) {
    ServerConfig config = test_config();
    config.read_timeout = 1s;
    TestServer server(config, echo);

    Client slow(server.port());
    slow.send("GET /slow HTTP/1.1\r\nHost: te");  // and then nothing
    const auto start = Clock::now();

    Client quick(server.port());
    quick.send(get_request("/quick"));
    EXPECT_EQ(quick.read_reply().status, 200);
    EXPECT_LT(Clock::now() - start, 500ms);

    EXPECT_TRUE(slow.closed_by_server());
    const auto waited = Clock::now() - start;
    EXPECT_GE(waited, 900ms);
    EXPECT_LT(waited, 2500ms);
}

TEST(Server, ListenOnAPortInUseThrowsAPlainEnglishLine) {
    TestServer first(test_config(), echo);
    ServerConfig config = test_config();
    config.port = first.port();
    Server second(config, echo, nullptr);
    try {
        second.listen();
        FAIL() << "listen() succeeded on a port that is in use";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "Could not listen on 127.0.0.1:" + std::to_string(first.port()) +
                      ": the port is already in use. Stop the other "
                      "program or choose another port with --port.");
    }
}

TEST(Server, ListenOnAnAddressNotOnThisMachineThrowsAPlainEnglishLine) {
    ServerConfig config = test_config();
    config.bind_address = "192.0.2.1";  // TEST-NET-1: never assigned to a real interface
    config.port = 8080;
    Server server(config, echo, nullptr);
    try {
        server.listen();
        FAIL() << "listen() succeeded on 192.0.2.1";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "Could not listen on 192.0.2.1:8080: this machine has no network interface with "
                  "that address. Use 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces).");
    }
}

TEST(Server, StopLetsTheInFlightRequestFinish) {
    std::atomic<bool> entered{false};
    TestServer server(test_config(), [&](Request) {
        entered = true;
        std::this_thread::sleep_for(300ms);
        return Response::text("finished");
    });
    Client client(server.port());
    client.send(get_request("/slow-handler"));
    while (!entered) std::this_thread::sleep_for(5ms);

    const auto start = Clock::now();
    std::thread stopper([&] { server.stop_and_wait(); });
    const Reply reply = client.read_reply();
    stopper.join();
    const auto waited = Clock::now() - start;

    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "finished");
    EXPECT_EQ(reply.header("Connection"), "close");
    EXPECT_GE(waited, 200ms);
    EXPECT_LT(waited, 1500ms);
}

TEST(Server, StopClosesIdleKeepAliveConnectionsAtOnce) {
    ServerConfig config = test_config();
    config.read_timeout = 30s;
    config.shutdown_grace = 10s;
    TestServer server(config, echo);
    Client client(server.port());
    client.send(get_request("/first"));
    EXPECT_EQ(client.read_reply().status, 200);

    const auto start = Clock::now();
    server.stop_and_wait();
    EXPECT_LT(Clock::now() - start, 1s);
    EXPECT_TRUE(client.closed_by_server());
}

TEST(Server, SigtermStopsTheServer) {
    TestServer server(test_config(), echo);
    Client client(server.port());
    client.send(get_request("/ready"));  // run() has installed its signal handlers by now
    EXPECT_EQ(client.read_reply().status, 200);

    const auto start = Clock::now();
    ::kill(::getpid(), SIGTERM);
    EXPECT_TRUE(client.closed_by_server());
    server.stop_and_wait();  // joins run(), which the signal has already ended
    EXPECT_LT(Clock::now() - start, 1s);
}

TEST(Server, RefusesNewConnectionsAfterStop) {
    auto server = std::make_unique<TestServer>(test_config(), echo);
    const unsigned short port = server->port();
    server->stop_and_wait();
    EXPECT_THROW(Client{port}, std::runtime_error);
}

}  // namespace
}  // namespace lo::http
