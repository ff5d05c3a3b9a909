// What every SQLite repository is given by the store: a connection to read with and a transaction
// to write in. Inside Store::transaction() every call shares that transaction's connection;
// outside it each write takes its own short transaction (storage/sqlite/transaction.hpp).
#pragma once

#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

namespace lo::storage::sqlite {

class Connection;

class ConnectionSource {
public:
    virtual ~ConnectionSource() = default;
    virtual void with_read(const std::function<void(Connection&)>& fn) = 0;
    // A write that changes what the public site or the search index shows: when it changes
    // anything it advances the store's generation. Returns whether it changed anything.
    virtual bool with_write(const std::function<void(Connection&)>& fn) = 0;
    // A write that does not advance the store's generation (it changes nothing the search index
    // or the public site shows). Inside a transaction it joins it.
    virtual void with_quiet_write(const std::function<void(Connection&)>& fn) = 0;
    // True inside Store::transaction(): reads see its uncommitted writes.
    virtual bool in_transaction() const = 0;
};

// with_read for a function that returns a value: read(source, [&](Connection& c) { return ...; }).
template <typename F>
auto read(ConnectionSource& source, F&& f) -> std::invoke_result_t<F&, Connection&> {
    using Result = std::invoke_result_t<F&, Connection&>;
    if constexpr (std::is_void_v<Result>) {
        source.with_read(f);
    } else {
        std::optional<Result> out;
        source.with_read([&](Connection& c) { out.emplace(f(c)); });
        return std::move(*out);
    }
}

}  // namespace lo::storage::sqlite
