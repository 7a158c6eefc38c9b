#include <string.h>
#include "CSystemShim.h"

static int saved_argc;
static char **saved_argv;

/// glibc calls the functions of .init_array with (argc, argv, envp): the vector whose strings live in the
/// process's argument area (mm->arg_start..arg_end, what /proc/PID/cmdline reads).
__attribute__((constructor)) static void openclaw_capture_argv(int argc, char **argv, char **envp) {
    (void)envp;
    saved_argc = argc;
    saved_argv = argv;
}

int openclaw_wipe_option_value(const char *option) {
    if (saved_argv == NULL || option == NULL) return 0;
    size_t length = strlen(option);
    int wiped = 0;
    for (int i = 1; i < saved_argc && saved_argv[i] != NULL; i++) {
        char *arg = saved_argv[i];
        if (strcmp(arg, "--") == 0) break;
        char *value = NULL;
        if (strcmp(arg, option) == 0 && i + 1 < saved_argc && saved_argv[i + 1] != NULL) {
            value = saved_argv[++i];
        } else if (strncmp(arg, option, length) == 0 && arg[length] == '=') {
            value = arg + length + 1;
        }
        if (value != NULL && *value != '\0') {
            memset(value, 'x', strlen(value));
            wiped++;
        }
    }
    return wiped;
}
