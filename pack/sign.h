/* sign.h — signing keys and pack signatures (Ed25519, libsodium).
 *
 * A key file is text, one `field value` a line, '#' starts a comment:
 *
 *     xiufu-key 1                       the format and its version, first
 *     algorithm ed25519
 *     kind secret                       or public
 *     id 9f86d081884c7d659a2feaa0c55ad015
 *     public <64 hex digits>            the Ed25519 public key
 *     seed <64 hex digits>              the secret seed (secret keys only)
 *
 * The key id is the first 16 bytes of the SHA-256 of the public key, in
 * hex.  `xiufu keygen -o NAME` writes NAME.key (secret, mode 0600) and
 * NAME.pub; a signer keeps the first and hands out the second, which
 * whoever runs packs puts into a trusted-keys folder.
 *
 * A signed pack ends in a signature block after the trailer
 * (runtime/pack_abi.h):
 *
 *     [ ELF shared object ][ trailer, 56 bytes ][ signature block, 128 bytes ]
 *
 * The block is "XFPKSIG\0", its version (1) and algorithm (1: Ed25519) as
 * 4 bytes little-endian each, the key id (16 bytes), the public key (32)
 * and the Ed25519 signature (64) of every byte of the file before the
 * signature: the shared object, the trailer and the block's own first 64
 * bytes.  The dynamic loader maps only bytes of the shared object, all of
 * them signed, and a reader finds the block at the end of the file
 * without loading anything. */
#ifndef XF_SIGN_H
#define XF_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "xiufu.h"

#define XF_KEY_FORMAT        "xiufu-key"
#define XF_KEY_VERSION       1
#define XF_KEY_ID_BYTES      16
#define XF_PACK_SIG_MAGIC    "XFPKSIG"   /* 8 bytes with its NUL */
#define XF_PACK_SIG_VERSION  1
#define XF_PACK_SIG_ED25519  1
#define XF_PACK_SIG_SIZE     128

typedef struct xf_sign_key {
    uint8_t id[XF_KEY_ID_BYTES];
    uint8_t pk[32];
    uint8_t sk[64];       /* libsodium's secret key (seed, public key) */
    int     has_secret;
} xf_sign_key;

/* A fresh key pair.  0, or -1 when libsodium cannot start. */
int   xf_key_generate(xf_sign_key *k);
/* The key file's text (secret: the .key file, else the .pub file);
 * malloc'd, NULL when out of memory. */
char *xf_key_format(const xf_sign_key *k, int secret);
/* A key file: secret asks for a secret key.  0, or -1 with *errmsg
 * ("PATH: ...", in lang). */
int   xf_key_read(const char *path, int secret, xf_lang lang, xf_sign_key *k, char **errmsg);
int   xf_key_parse(const char *path, const char *text, size_t len, int secret, xf_lang lang, xf_sign_key *k,
                   char **errmsg);
void  xf_key_wipe(xf_sign_key *k);
void  xf_key_id_hex(const uint8_t id[XF_KEY_ID_BYTES], char out[2 * XF_KEY_ID_BYTES + 1]);

/* The signature block of file (n bytes, the block not included) into
 * block.  0, or -1 when libsodium fails. */
int   xf_sign_pack(const xf_sign_key *k, const uint8_t *file, size_t n, uint8_t block[XF_PACK_SIG_SIZE]);

/* What a pack's signature is, found with xf_sig_check. */
typedef enum xf_sig_state {
    XF_SIG_NONE,        /* no signature block */
    XF_SIG_BAD,         /* a block that is malformed or does not verify */
    XF_SIG_UNTRUSTED,   /* verifies, with a key that is not trusted */
    XF_SIG_TRUSTED      /* verifies, with a trusted key */
} xf_sig_state;

typedef struct xf_sig_info {
    xf_sig_state state;
    char         key_id[2 * XF_KEY_ID_BYTES + 1];  /* "" when none */
    char        *trusted_by;   /* malloc'd: the .pub file that trusts the key, or NULL */
    char        *why;          /* malloc'd: why it is bad or not trusted, or NULL */
} xf_sig_info;

/* Which keys are trusted: every *.pub in keys_dir (NULL: the default
 * folder, xf_trusted_keys_default), and extra (NULL, or one more key). */
typedef struct xf_trust_keys {
    const char        *keys_dir;
    const xf_sign_key *extra;
    xf_lang            lang;   /* of the messages */
} xf_trust_keys;

/* The signature of the whole file b (n bytes): whether it ends in a
 * signature block, which is then checked and its key looked up.  *body is
 * the length before the block (n when there is none).  Never fails: the
 * verdict is in *info (xf_sig_info_free it). */
void  xf_sig_check(const uint8_t *b, size_t n, const xf_trust_keys *t, size_t *body, xf_sig_info *info);
void  xf_sig_info_free(xf_sig_info *info);

/* The trusted-keys folder when none is named: $XIUFU_TRUSTED_KEYS,
 * $XDG_CONFIG_HOME/xiufu/trusted-keys or ~/.config/xiufu/trusted-keys.
 * malloc'd; NULL when none can be named. */
char *xf_trusted_keys_default(void);

#endif
