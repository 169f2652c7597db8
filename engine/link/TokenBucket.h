#pragma once
/// @file TokenBucket.h
/// Serialisation of messages over a link of fixed rate (FIFO): a token bucket filled at rateBitsPerSecond up to
/// burstBytes, whose level may go negative (debt) so that a message larger than the burst still passes, after its
/// bytes have been paid for. burstBytes = 0 is a plain serialising link: every message occupies it for
/// bytes × 8 / rate seconds after the previous one has left.
///
/// Pure arithmetic on the clock values the caller passes: no sleeping, no clock reads, same inputs → same outputs.
/// Thread-safe: every member locks one mutex, so several senders may share a bucket; reservations are served in the
/// order the calls take the lock.

#include <cstdint>
#include <mutex>

namespace edgescope {

class TokenBucket {
 public:
  /// @p rateBitsPerSecond > 0 and finite, @p burstBytes ≥ 0; throws Error otherwise. The bucket starts full.
  TokenBucket(double rateBitsPerSecond, double burstBytes = 0.0);

  /// Reserves @p bytes at @p nowUs and returns the time (µs, same clock as nowUs) when the last of them has left
  /// the link: nowUs when the bucket holds enough tokens, otherwise when the debt they leave is refilled. Earlier
  /// reservations are honoured (FIFO): back-to-back messages leave one after the other. A nowUs before the
  /// previous call's is taken as the previous call's (time never runs backwards inside the bucket).
  std::uint64_t reserve(std::uint64_t bytes, std::uint64_t nowUs);

  /// When everything reserved so far has left the link (µs; ≤ the last nowUs when the bucket is not in debt).
  std::uint64_t busyUntilUs() const;

  /// Changes the rate from @p nowUs on (tokens earned before nowUs count at the old rate); bytes still queued are
  /// serialised at the new rate. Throws Error like the constructor.
  void setRate(double rateBitsPerSecond, std::uint64_t nowUs);
  /// Changes the burst; a fuller bucket is emptied down to it. Throws Error for a negative or non-finite burst.
  void setBurstBytes(double burstBytes);
  double rateBitsPerSecond() const;
  double burstBytes() const;

 private:
  void refill(std::uint64_t nowUs);
  double usForBytes(double bytes) const;

  mutable std::mutex mutex_;
  double rateBitsPerSecond_;
  double burstBytes_;
  double levelBytes_;         ///< tokens at lastUs_; negative = bytes still to serialise
  std::uint64_t lastUs_ = 0;  ///< time of the last refill
  bool started_ = false;      ///< lastUs_ is meaningful
};

}  // namespace edgescope
