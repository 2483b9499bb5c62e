// Key store of terrain-field on Android (called from src/platform_keystore.cpp).
//
// libterrain's secrets (the device's signing key, the key of personal data at rest) are
// encrypted with AES-256-GCM under a key generated inside the AndroidKeyStore, which
// never leaves the secure hardware; only the ciphertext (12-byte IV + data + tag) is
// written, in the app's no-backup folder, so it is neither backed up nor readable off
// the device.
package fr.cnsa.terrain;

import android.content.Context;
import android.security.keystore.KeyGenParameterSpec;
import android.security.keystore.KeyProperties;

import java.io.File;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.security.KeyStore;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

public final class KeyStoreBridge {
    private static final String ALIAS = "terrain-field-wrapping-key";
    private static final String PROVIDER = "AndroidKeyStore";

    private KeyStoreBridge() {}

    private static SecretKey wrappingKey() throws Exception {
        KeyStore ks = KeyStore.getInstance(PROVIDER);
        ks.load(null);
        if (ks.containsAlias(ALIAS)) {
            return ((KeyStore.SecretKeyEntry) ks.getEntry(ALIAS, null)).getSecretKey();
        }
        KeyGenerator gen = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, PROVIDER);
        gen.init(new KeyGenParameterSpec.Builder(ALIAS,
                KeyProperties.PURPOSE_ENCRYPT | KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .build());
        return gen.generateKey();
    }

    private static File fileOf(Context ctx, String item) {
        return new File(ctx.getNoBackupFilesDir(), "terrain-" + item.replaceAll("[^A-Za-z0-9_.-]", "_") + ".bin");
    }

    /** The item's bytes, or null when it was never saved. Throws on a broken store. */
    public static byte[] load(Context ctx, String item) throws Exception {
        File f = fileOf(ctx, item);
        if (!f.exists()) return null;
        byte[] blob = Files.readAllBytes(f.toPath());
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, wrappingKey(), new GCMParameterSpec(128, blob, 0, 12));
        return c.doFinal(blob, 12, blob.length - 12);
    }

    /** Saves the item (atomically: written aside, then renamed). */
    public static boolean save(Context ctx, String item, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, wrappingKey());
            byte[] iv = c.getIV();
            byte[] sealed = c.doFinal(data);
            File f = fileOf(ctx, item);
            File tmp = new File(f.getPath() + ".tmp");
            try (FileOutputStream out = new FileOutputStream(tmp)) {
                out.write(iv);
                out.write(sealed);
                out.getFD().sync();
            }
            return tmp.renameTo(f);
        } catch (Exception e) {
            return false;
        }
    }
}
