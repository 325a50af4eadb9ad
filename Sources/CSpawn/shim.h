#ifndef KCW_CSPAWN_SHIM_H
#define KCW_CSPAWN_SHIM_H
#include <spawn.h>
#include <sys/wait.h>

/* glibc declares these only under _GNU_SOURCE / __USE_MISC, which Swift's Glibc module is built without; they
   exist in every glibc since 2.34 (closefrom) and 2.9 (pipe2). Redeclaring them is the portable way in. */
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
extern int pipe2(int fds[2], int flags);

/* WIFEXITED and friends are macros, which Swift does not import. */
static inline int kcw_exit_status(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }
static inline int kcw_termination_signal(int status) { return WIFSIGNALED(status) ? WTERMSIG(status) : 0; }
#endif
