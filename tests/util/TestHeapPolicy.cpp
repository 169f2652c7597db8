// HeapPolicy: after useOneArena() a new worker thread gets no arena of its own (glibc's malloc_info lists no new
// heap), and a limit the user chose in the environment is left alone. (QtTest's watchdog thread may already hold an
// arena of its own when the test starts: programs call useOneArena() before any thread, a test cannot.)
#include <QtTest>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "util/HeapPolicy.h"

using namespace edgescope;

namespace {

#if defined(__GLIBC__)
/// Number of arenas glibc reports (`<heap nr=` elements of malloc_info).
int arenaCount() {
  char* text = nullptr;
  std::size_t size = 0;
  FILE* stream = open_memstream(&text, &size);
  if (stream == nullptr) return -1;
  malloc_info(0, stream);
  std::fclose(stream);
  const std::string xml(text, size);
  std::free(text);
  int count = 0;
  for (std::size_t at = xml.find("<heap nr="); at != std::string::npos; at = xml.find("<heap nr=", at + 1)) ++count;
  return count;
}
#endif

}  // namespace

class TestHeapPolicy : public QObject {
  Q_OBJECT

 private slots:
  void respectsTheUsersChoice() {
    const QByteArray arenaMax = qgetenv("MALLOC_ARENA_MAX"), tunables = qgetenv("GLIBC_TUNABLES");
    const bool hadArenaMax = qEnvironmentVariableIsSet("MALLOC_ARENA_MAX");
    const bool hadTunables = qEnvironmentVariableIsSet("GLIBC_TUNABLES");
    qputenv("MALLOC_ARENA_MAX", "4");
    QVERIFY(!HeapPolicy::useOneArena());
    qunsetenv("MALLOC_ARENA_MAX");
    qputenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=3");
    QVERIFY(!HeapPolicy::useOneArena());
    qunsetenv("GLIBC_TUNABLES");
    if (hadArenaMax) qputenv("MALLOC_ARENA_MAX", arenaMax);
    if (hadTunables) qputenv("GLIBC_TUNABLES", tunables);
  }

  void workerThreadsShareTheMainArena() {
#if !defined(__GLIBC__)
    QSKIP("glibc only");
#else
    if (qEnvironmentVariableIsSet("MALLOC_ARENA_MAX") || qgetenv("GLIBC_TUNABLES").contains("arena_max")) {
      QSKIP("the environment sets glibc's arena limit, which the policy leaves alone");
    }
    QVERIFY(HeapPolicy::useOneArena());
    const int before = arenaCount();
    QVERIFY(before >= 1);
    // A worker thread that allocates and frees activation-sized blocks, as the engine thread does every frame.
    std::thread worker([] {
      for (int round = 0; round < 3; ++round) {
        std::vector<std::vector<char>> blocks;
        for (int i = 0; i < 16; ++i) blocks.emplace_back(std::size_t{96} * 1024, char(i));
      }
    });
    worker.join();
    QCOMPARE(arenaCount(), before);  // without the policy the worker makes a new arena
#endif
  }
};

QTEST_APPLESS_MAIN(TestHeapPolicy)
#include "TestHeapPolicy.moc"
