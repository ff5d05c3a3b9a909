// The SMTP client (mail/smtp.hpp). Asio's synchronous calls have no timeouts, so each step is an
// asynchronous operation run for at most the timeout; a step still pending then closes the socket.
#include "mail/smtp.hpp"

#include <openssl/ssl.h>

#include <utility>  // Boost 1.74 asio/awaitable.hpp uses std::exchange without including it

#include <sodium.h>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <ctime>
#include <istream>
#include <vector>

namespace lo::mail {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// Header values are one line: a CR or LF would let a value start a header of its own.
std::string one_line(std::string_view s) {
    std::string out;
    for (char c : s) out += (c == '\r' || c == '\n') ? ' ' : c;
    return out;
}

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

std::string encode_header(std::string_view value) {
    const auto line = one_line(value);
    if (is_ascii(line)) return line;
    return "=?UTF-8?B?" + base64(line) + "?=";
}

std::string crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 40);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (text[i] == '\n') {
            out += "\r\n";
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string domain_of(const std::string& address) {
    const auto at = address.rfind('@');
    return at == std::string::npos ? std::string("localhost") : address.substr(at + 1);
}

bool is_loopback(const std::string& host) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    return host == "localhost" || (!ec && address.is_loopback());
}

struct Reply {
    int code = 0;
    std::vector<std::string> lines;  // text after the code
    std::string text() const {
        std::string out;
        for (const auto& l : lines) out += (out.empty() ? "" : " ") + l;
        return std::to_string(code) + " " + out.substr(0, 300);
    }
};

class Session {
public:
    explicit Session(const SmtpSettings& s)
        : settings_(s), where_(s.host + ":" + std::to_string(s.port)), stream_(io_, tls_) {}

    void connect() {
        tcp::resolver resolver(io_);
        tcp::resolver::results_type endpoints;
        run(
            [&](auto handler) {
                resolver.async_resolve(settings_.host, std::to_string(settings_.port),
                                       [&endpoints, handler](boost::system::error_code ec,
                                                             tcp::resolver::results_type r) {
                                           endpoints = std::move(r);
                                           handler(ec);
                                       });
            },
            "looking up the mail server's address (check smtp_host)");
        run(
            [&](auto handler) {
                asio::async_connect(
                    stream_.next_layer(), endpoints,
                    [handler](boost::system::error_code ec, const tcp::endpoint&) { handler(ec); });
            },
            "connecting (check smtp_host and smtp_port, and that the server accepts connections "
            "from here)");
    }

    void start_tls() {
        if (!settings_.ca_file.empty()) {
            boost::system::error_code ec;
            tls_.load_verify_file(settings_.ca_file, ec);
            if (ec)
                throw SmtpError("Could not read the certificate authority file " +
                                settings_.ca_file + " (smtp_ca_file): " + ec.message() + ".");
        }
        tls_.set_default_verify_paths();
        stream_.set_verify_mode(ssl::verify_peer);
        stream_.set_verify_callback(ssl::host_name_verification(settings_.host));
        SSL_set_tlsext_host_name(stream_.native_handle(), settings_.host.c_str());
        run([&](auto handler) { stream_.async_handshake(ssl::stream_base::client, handler); },
            "starting TLS: the server's certificate could not be verified for " + settings_.host +
                ", or TLS failed (check smtp_host is the name on the certificate, or set "
                "smtp_ca_file for a private certificate authority)");
        tls_on_ = true;
    }

    void write(const std::string& data, const std::string& doing) {
        if (tls_on_)
            run(
                [&](auto h) {
                    asio::async_write(stream_, asio::buffer(data),
                                      [h](boost::system::error_code ec, std::size_t) { h(ec); });
                },
                doing);
        else
            run(
                [&](auto h) {
                    asio::async_write(stream_.next_layer(), asio::buffer(data),
                                      [h](boost::system::error_code ec, std::size_t) { h(ec); });
                },
                doing);
    }

    Reply read_reply(const std::string& doing) {
        Reply reply;
        for (int guard = 0; guard < 200; ++guard) {
            const auto line = read_line(doing);
            if (line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[0])) ||
                !std::isdigit(static_cast<unsigned char>(line[1])) ||
                !std::isdigit(static_cast<unsigned char>(line[2])))
                throw SmtpError("The server at " + where_ + " did not answer like a mail server (" +
                                doing + "). Check smtp_host and smtp_port.");
            reply.code = std::stoi(line.substr(0, 3));
            reply.lines.push_back(line.size() > 4 ? line.substr(4) : "");
            if (line.size() == 3 || line[3] != '-') return reply;
        }
        throw SmtpError("The mail server at " + where_ + " sent an endless reply (" + doing + ").");
    }

    // Sends a command and checks the reply's code is one of `expect`.
    Reply command(const std::string& line,
                  std::initializer_list<int> expect,
                  const std::string& doing) {
        write(line + "\r\n", doing);
        auto reply = read_reply(doing);
        expect_code(reply, expect, doing);
        return reply;
    }

    void expect_code(const Reply& reply,
                     std::initializer_list<int> expect,
                     const std::string& doing) {
        for (int code : expect)
            if (reply.code == code) return;
        throw SmtpError("The mail server at " + where_ + " refused " + doing + ": " +
                        one_line(reply.text()) + ".");
    }

    // Bytes received before the TLS handshake must not be read after it (CVE-2011-0411 style
    // command injection), so STARTTLS requires an empty buffer.
    bool buffer_empty() const { return buffer_.size() == 0; }

    void close() {
        boost::system::error_code ignored;
        stream_.next_layer().close(ignored);
    }

    const std::string& where() const { return where_; }

private:
    std::string read_line(const std::string& doing) {
        if (tls_on_)
            run(
                [&](auto h) {
                    asio::async_read_until(
                        stream_, buffer_, "\r\n",
                        [h](boost::system::error_code ec, std::size_t) { h(ec); });
                },
                doing);
        else
            run(
                [&](auto h) {
                    asio::async_read_until(
                        stream_.next_layer(), buffer_, "\r\n",
                        [h](boost::system::error_code ec, std::size_t) { h(ec); });
                },
                doing);
        std::istream in(&buffer_);
        std::string line;
        std::getline(in, line);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }

    // Starts one asynchronous operation and runs the I/O context until it finishes or the
    // timeout passes. Throws SmtpError naming what it was doing.
    template <typename Start>
    void run(Start&& start, const std::string& doing) {
        bool done = false;
        boost::system::error_code result;
        start([&done, &result](boost::system::error_code ec) {
            done = true;
            result = ec;
        });
        io_.restart();
        io_.run_for(std::chrono::seconds(settings_.timeout_seconds));
        if (!done) {
            close();
            io_.restart();
            io_.run();
            throw SmtpError("The mail server at " + where_ + " did not answer within " +
                            std::to_string(settings_.timeout_seconds) + " seconds while " + doing +
                            ".");
        }
        if (result) {
            if (result == asio::error::eof || result == asio::error::connection_reset)
                throw SmtpError("The mail server at " + where_ + " closed the connection while " +
                                doing + ".");
            throw SmtpError("Could not reach the mail server at " + where_ + " while " + doing +
                            ": " + result.message() + ".");
        }
    }

    const SmtpSettings& settings_;
    std::string where_;
    asio::io_context io_;
    ssl::context tls_{ssl::context::tls_client};
    ssl::stream<tcp::socket> stream_;
    asio::streambuf buffer_;
    bool tls_on_ = false;
};

struct Extensions {
    bool starttls = false;
    bool auth_plain = false;
    bool auth_login = false;
    bool eight_bit = false;
};

Extensions read_extensions(const Reply& reply) {
    Extensions e;
    for (auto line : reply.lines) {
        for (auto& c : line) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (line == "STARTTLS") e.starttls = true;
        if (line == "8BITMIME") e.eight_bit = true;
        if (line.starts_with("AUTH ") || line.starts_with("AUTH=")) {
            if (line.find(" PLAIN") != std::string::npos ||
                line.find("=PLAIN") != std::string::npos)
                e.auth_plain = true;
            if (line.find(" LOGIN") != std::string::npos ||
                line.find("=LOGIN") != std::string::npos)
                e.auth_login = true;
        }
    }
    return e;
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (auto b : raw) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

}  // namespace

std::string base64(std::string_view bytes) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += table[v & 63];
    }
    if (i + 1 == bytes.size()) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::string dot_stuff(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    bool line_start = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (line_start && text[i] == '.') out += '.';
        out += text[i];
        line_start = text[i] == '\n' && i > 0 && text[i - 1] == '\r';
    }
    return out;
}

std::string rfc5322_date(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
                  tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

std::string format_message(const Message& m,
                           const std::string& from,
                           const std::string& date,
                           const std::string& message_id) {
    std::string out;
    out += "Date: " + one_line(date) + "\r\n";
    out += "Message-ID: <" + one_line(message_id) + ">\r\n";
    out += "From: " + one_line(from) + "\r\n";
    out += "To: " + one_line(m.to) + "\r\n";
    out += "Subject: " + encode_header(m.subject) + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: 8bit\r\n";
    out += "\r\n";
    auto body = crlf(m.body);
    if (!body.ends_with("\r\n")) body += "\r\n";
    out += body;
    return dot_stuff(out);
}

void send(const SmtpSettings& settings, const Message& message) {
    if (!settings.configured()) throw SmtpError("No mail server is set up (smtp_host is empty).");
    const auto to = one_line(message.to);
    const auto from = one_line(settings.from);
    if (to.find_first_of("<>") != std::string::npos || to.empty())
        throw SmtpError("The recipient address \"" + to.substr(0, 100) + "\" is not usable.");
    Session s(settings);
    s.connect();
    s.expect_code(s.read_reply("greeting us"), {220}, "the connection");
    const auto helo_name = domain_of(from);
    auto ehlo = s.command("EHLO " + helo_name, {250}, "EHLO");
    auto ext = read_extensions(ehlo);
    if (settings.starttls) {
        if (!ext.starttls)
            throw SmtpError("The mail server at " + s.where() +
                            " does not offer STARTTLS, so mail would travel unencrypted. Use a "
                            "server that supports it, or set smtp_starttls = off for a relay on "
                            "this machine.");
        s.command("STARTTLS", {220}, "STARTTLS");
        if (!s.buffer_empty())
            throw SmtpError("The mail server at " + s.where() +
                            " sent data before TLS started; the connection was closed for safety.");
        s.start_tls();
        ext = read_extensions(s.command("EHLO " + helo_name, {250}, "EHLO after STARTTLS"));
    }
    if (!settings.username.empty()) {
        if (!settings.starttls && !is_loopback(settings.host))
            throw SmtpError("Refusing to send the SMTP password unencrypted to " + s.where() +
                            ". Turn smtp_starttls on.");
        if (ext.auth_plain) {
            std::string plain;
            plain += '\0';
            plain += settings.username;
            plain += '\0';
            plain += settings.password;
            s.command("AUTH PLAIN " + base64(plain), {235},
                      "the user name or password (smtp_username, smtp_password)");
        } else if (ext.auth_login) {
            s.command("AUTH LOGIN", {334}, "AUTH LOGIN");
            s.command(base64(settings.username), {334}, "the user name (smtp_username)");
            s.command(base64(settings.password), {235},
                      "the user name or password (smtp_username, smtp_password)");
        } else {
            throw SmtpError("The mail server at " + s.where() +
                            " offers no sign-in method we support (AUTH PLAIN or LOGIN). Remove "
                            "smtp_username if it needs no sign-in.");
        }
    }
    s.command("MAIL FROM:<" + from + ">" + (ext.eight_bit ? " BODY=8BITMIME" : ""), {250},
              "the sender " + from + " (mail_from)");
    s.command("RCPT TO:<" + to + ">", {250, 251}, "the recipient " + to);
    s.command("DATA", {354}, "DATA");
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto text =
        format_message(message, from, rfc5322_date(now), random_hex(16) + "@" + domain_of(from));
    s.write(text + ".\r\n", "sending the message");
    s.expect_code(s.read_reply("accepting the message"), {250}, "the message");
    try {
        s.command("QUIT", {221}, "QUIT");
    } catch (const SmtpError&) {
        // The message is accepted; a server that hangs up without saying goodbye changes nothing.
    }
    s.close();
}

}  // namespace lo::mail
