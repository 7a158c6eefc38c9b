#define _GNU_SOURCE
#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "CSystemShim.h"

struct release_state {
    long long bytes;
    int error;
};

// dl_iterate_phdr(3): "The first object visited by callback is the main program." Returns 1 to stop there.
static int release_main_program(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct release_state *state = data;
    // Text relocations (DT_TEXTREL, DF_TEXTREL) would mean the loader wrote into a read-only segment: leave all.
    for (int i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type != PT_DYNAMIC) continue;
        for (const ElfW(Dyn) *entry = (const ElfW(Dyn) *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
             entry->d_tag != DT_NULL; entry++) {
            if (entry->d_tag == DT_TEXTREL || (entry->d_tag == DT_FLAGS && (entry->d_un.d_val & DF_TEXTREL) != 0)) {
                state->error = EPERM;
                return 1;
            }
        }
    }
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        // Only segments never written: a writable one (data, the relocated RELRO part) holds this process's own
        // copies, which MADV_DONTNEED would replace with the file's unrelocated bytes.
        if (header->p_type != PT_LOAD || (header->p_flags & PF_W) != 0) continue;
        uintptr_t start = (uintptr_t)info->dlpi_addr + (uintptr_t)header->p_vaddr;
        uintptr_t end = start + (uintptr_t)header->p_memsz;
        start = (start + page - 1) & ~(page - 1);  // whole pages inside the segment only
        end &= ~(page - 1);
        if (end <= start) continue;
        if (madvise((void *)start, end - start, MADV_DONTNEED) != 0) {
            state->error = errno;
            return 1;
        }
        state->bytes += (long long)(end - start);
    }
    return 1;
}

long long openclaw_release_program_text_pages(void) {
    struct release_state state = {0, 0};
    dl_iterate_phdr(release_main_program, &state);
    return state.error != 0 ? -(long long)state.error : state.bytes;
}
