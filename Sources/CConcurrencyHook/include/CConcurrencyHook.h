#ifndef OPENCLAW_CONCURRENCY_HOOK_H
#define OPENCLAW_CONCURRENCY_HOOK_H

#include <stdbool.h>

/// Makes `enqueue` the Swift runtime's global enqueue hook (`swift_task_enqueueGlobal_hook`, declared in the
/// runtime's `swift/Runtime/Concurrency.h`): every job Swift Concurrency would hand to its default pool is passed to
/// `enqueue` instead. The hook is referenced by the linker, not looked up with `dlsym`, so it is found in a
/// `--static-swift-stdlib` build, where the runtime's symbols are not exported.
///
/// Returns false, and changes nothing, when a hook is already installed. Call once, before any task exists.
bool openclaw_install_enqueue_global_hook(void (*_Nonnull enqueue)(void *_Nonnull job));

#endif
