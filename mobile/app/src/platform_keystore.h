// The tablet's key store for libterrain (terrain.h, "Key store").
//
// libterrain keeps two secrets through it: the device's Ed25519 signing key and the
// key that encrypts personal data at rest. A lost tablet must not give them away:
//  - Android: each item is encrypted (AES-256-GCM) with a key generated inside the
//    AndroidKeyStore (it never leaves the secure hardware) and the ciphertext is kept
//    in the app's no-backup folder; see android/src/fr/cnsa/terrain/KeyStoreBridge.java.
//  - iOS: each item is a Keychain generic password, accessible after first unlock,
//    this device only (never in backups, never migrated to another device).
//  - Elsewhere (Linux desktop, the offscreen tests): no platform store; libterrain
//    keeps its keys in a 0600 file beside the replica.
// The Android and iOS variants are built only with Qt's mobile kits (mobile/README.md).
#pragma once

struct terrain_keystore;

namespace terrain::field {

// The platform key store, or nullptr where there is none.
const terrain_keystore* platformKeystore();

}  // namespace terrain::field
