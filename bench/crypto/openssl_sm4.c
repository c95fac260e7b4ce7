/* OpenSSL runner of the encryption benchmark (bench/crypto): the system's
 * libcrypto (Debian's OpenSSL 3.0 here) through EVP, one whole call per
 * operation as govshare's one-shot API does it (context, key schedule, IV,
 * update, final), on the tasks of bench/native/src/crypto.rs: SM4-ECB and
 * SM4-CBC (PKCS#7) encrypt/decrypt of 64 B, 4 KiB, 1 MiB; SM4-GCM when the
 * library has it (OpenSSL 3.0 does not); SM2 encrypt/decrypt of 32 bytes
 * (EVP_PKEY, ASN.1 ciphertext). Prints the bench/micro JSON shape.
 *
 *   cc -O2 -o openssl-sm4 openssl_sm4.c -lcrypto
 *   ./openssl-sm4 [--round-ms 200] [--rounds 5] > out.json
 */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double round_s = 0.2;
static int rounds = 5;
static int first = 1;

static double now(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what) {
    fprintf(stderr, "openssl-sm4: %s failed\n", what);
    exit(2);
}

typedef int (*op_fn)(void *);

/* Warm up for one round (at least one call) to calibrate a count, then time
 * `rounds` rounds; print one result object. */
static void timed(const char *task, const char *impl, size_t bytes, const char *mode, op_fn op, void *arg) {
    double t0 = now(CLOCK_MONOTONIC);
    long n = 0;
    while (now(CLOCK_MONOTONIC) - t0 < round_s || n < 1) {
        if (!op(arg)) die(task);
        n++;
    }
    double per = (now(CLOCK_MONOTONIC) - t0) / n;
    long count = (long)(round_s / per + 0.999999);
    if (count < 1) count = 1;
    printf("%s{\"task\":\"%s\",\"impl\":\"%s\",\"bytes\":%zu,\"mode\":\"%s\",\"timing\":{\"count\":%ld,\"rounds\":[",
           first ? "" : ",", task, impl, bytes, mode, count);
    first = 0;
    for (int r = 0; r < rounds; r++) {
        double c0 = now(CLOCK_THREAD_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
        for (long i = 0; i < count; i++)
            if (!op(arg)) die(task);
        printf("%s{\"wall_s\":%.9f,\"cpu_s\":%.9f}", r ? "," : "", now(CLOCK_MONOTONIC) - w0,
               now(CLOCK_THREAD_CPUTIME_ID) - c0);
    }
    printf("]}}");
}

struct sym {
    const EVP_CIPHER *cipher;
    int gcm, enc;
    unsigned char key[16], iv[16], tag[16];
    const unsigned char *in;
    int inlen;
    unsigned char *out;
    int outlen;
};

static int sym_op(void *p) {
    struct sym *s = p;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int len = 0, fin = 0, ok;
    if (!ctx) return 0;
    if (s->gcm) {
        ok = EVP_CipherInit_ex(ctx, s->cipher, NULL, NULL, NULL, s->enc) &&
             EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) &&
             EVP_CipherInit_ex(ctx, NULL, NULL, s->key, s->iv, s->enc);
    } else {
        ok = EVP_CipherInit_ex(ctx, s->cipher, NULL, s->key, s->iv, s->enc);
    }
    int n = s->gcm && !s->enc ? s->inlen - 16 : s->inlen;
    ok = ok && EVP_CipherUpdate(ctx, s->out, &len, s->in, n);
    if (ok && s->gcm && !s->enc) ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)(s->in + n));
    ok = ok && EVP_CipherFinal_ex(ctx, s->out + len, &fin);
    if (ok && s->gcm && s->enc) ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, s->out + len + fin);
    s->outlen = len + fin + (s->gcm && s->enc ? 16 : 0);
    EVP_CIPHER_CTX_free(ctx);
    return ok;
}

struct pke {
    EVP_PKEY *key;
    int enc;
    const unsigned char *in;
    size_t inlen;
    unsigned char out[512];
    size_t outlen;
};

static int pke_op(void *p) {
    struct pke *s = p;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(s->key, NULL);
    int ok;
    s->outlen = sizeof s->out;
    if (!ctx) return 0;
    if (s->enc)
        ok = EVP_PKEY_encrypt_init(ctx) > 0 && EVP_PKEY_encrypt(ctx, s->out, &s->outlen, s->in, s->inlen) > 0;
    else
        ok = EVP_PKEY_decrypt_init(ctx) > 0 && EVP_PKEY_decrypt(ctx, s->out, &s->outlen, s->in, s->inlen) > 0;
    EVP_PKEY_CTX_free(ctx);
    return ok;
}

int main(int argc, char **argv) {
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--round-ms")) round_s = atof(argv[i + 1]) / 1000;
        else if (!strcmp(argv[i], "--rounds")) rounds = atoi(argv[i + 1]);
    }
    const struct { size_t n; const char *label; } sizes[] = {{64, "64"}, {4096, "4k"}, {1 << 20, "1m"}};
    const struct { const char *evp, *name; int gcm; } modes[] = {
        {"SM4-ECB", "ecb", 0}, {"SM4-CBC", "cbc", 0}, {"SM4-GCM", "gcm", 1}};
    char impl[64];
    snprintf(impl, sizeof impl, "openssl-%s", OpenSSL_version(OPENSSL_VERSION_STRING));
    printf("{\"runner\":\"openssl\",\"versions\":{\"openssl\":\"%s\"},\"missing\":[", OpenSSL_version(OPENSSL_VERSION));
    int missing = 0;
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        if (!EVP_get_cipherbyname(modes[m].evp)) printf("%s\"%s\"", missing++ ? "," : "", modes[m].evp);
    printf("],\"results\":[");
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        const EVP_CIPHER *c = EVP_get_cipherbyname(modes[m].evp);
        if (!c) continue;
        for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
            size_t n = sizes[z].n;
            unsigned char *pt = malloc(n), *ct = malloc(n + 32), *back = malloc(n + 32);
            for (size_t i = 0; i < n; i++) pt[i] = (unsigned char)(i * 131 + 7);
            struct sym s = {.cipher = c, .gcm = modes[m].gcm, .enc = 1, .in = pt, .inlen = (int)n, .out = ct};
            memset(s.key, 1, 16);
            memset(s.iv, 2, 16);
            if (!sym_op(&s)) die("encrypt");
            int ctlen = s.outlen;
            struct sym d = s;
            d.enc = 0, d.in = ct, d.inlen = ctlen, d.out = back;
            if (!sym_op(&d) || d.outlen != (int)n || memcmp(back, pt, n)) die("round trip");
            char task[64];
            snprintf(task, sizeof task, "sm4-%s-enc-%s", modes[m].name, sizes[z].label);
            timed(task, impl, n, "EVP, one context per call", sym_op, &s);
            snprintf(task, sizeof task, "sm4-%s-dec-%s", modes[m].name, sizes[z].label);
            timed(task, impl, n, "EVP, one context per call", sym_op, &d);
            free(pt), free(ct), free(back);
        }
    }
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
    if (!key) die("SM2 keygen");
    unsigned char msg[32];
    memset(msg, 5, sizeof msg);
    struct pke e = {.key = key, .enc = 1, .in = msg, .inlen = sizeof msg};
    if (!pke_op(&e)) die("SM2 encrypt");
    struct pke d = {.key = key, .enc = 0, .in = e.out, .inlen = e.outlen};
    if (!pke_op(&d) || d.outlen != sizeof msg || memcmp(d.out, msg, sizeof msg)) die("SM2 round trip");
    timed("sm2-encrypt", impl, 32, "EVP_PKEY, ASN.1", pke_op, &e);
    timed("sm2-decrypt", impl, 32, "EVP_PKEY, ASN.1", pke_op, &d);
    printf("]}\n");
    EVP_PKEY_free(key);
    return 0;
}
