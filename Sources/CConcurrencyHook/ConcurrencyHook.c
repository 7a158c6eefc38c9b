#include "CConcurrencyHook.h"

#include <stdatomic.h>
#include <stddef.h>

// The runtime's types (swift/Runtime/Concurrency.h): both functions use the Swift calling convention.
typedef void (*openclaw_enqueue_original)(void *job) __attribute__((swiftcall));
typedef void (*openclaw_enqueue_hook)(void *job, openclaw_enqueue_original original) __attribute__((swiftcall));

extern _Atomic(openclaw_enqueue_hook) swift_task_enqueueGlobal_hook;

static void (*openclaw_enqueue_target)(void *job);

__attribute__((swiftcall)) static void openclaw_enqueue_global(void *job, openclaw_enqueue_original original) {
    (void)original;
    openclaw_enqueue_target(job);
}

bool openclaw_install_enqueue_global_hook(void (*enqueue)(void *job)) {
    openclaw_enqueue_target = enqueue;
    openclaw_enqueue_hook expected = NULL;
    return atomic_compare_exchange_strong(&swift_task_enqueueGlobal_hook, &expected, openclaw_enqueue_global);
}
