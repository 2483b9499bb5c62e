#include "platform_keystore.h"

#include <QtGlobal>

#include "terrain/terrain.h"

#if defined(Q_OS_ANDROID)
#include <QtCore/qcoreapplication_platform.h>
#include <QCoreApplication>
#include <QJniEnvironment>
#include <QJniObject>
#include <cstdlib>
#include <cstring>
#elif defined(Q_OS_IOS)
#include <Security/Security.h>
#include <cstdlib>
#include <cstring>
#endif

namespace terrain::field {

#if defined(Q_OS_ANDROID)
namespace {

QJniObject context() {
  return QNativeInterface::QAndroidApplication::context();
}

int androidLoad(void*, const char* item, unsigned char** out, size_t* out_len) {
  *out = nullptr;
  *out_len = 0;
  QJniEnvironment env;
  QJniObject bytes = QJniObject::callStaticObjectMethod(
      "fr/cnsa/terrain/KeyStoreBridge", "load", "(Landroid/content/Context;Ljava/lang/String;)[B",
      context().object(), QJniObject::fromString(QString::fromUtf8(item)).object<jstring>());
  if (env.checkAndClearExceptions()) return -1;
  if (!bytes.isValid()) return 0;  // not stored yet
  auto array = bytes.object<jbyteArray>();
  const jsize n = env->GetArrayLength(array);
  *out = static_cast<unsigned char*>(std::malloc(n > 0 ? static_cast<size_t>(n) : 1));
  if (!*out) return -1;
  env->GetByteArrayRegion(array, 0, n, reinterpret_cast<jbyte*>(*out));
  *out_len = static_cast<size_t>(n);
  return 0;
}

int androidSave(void*, const char* item, const unsigned char* data, size_t len) {
  QJniEnvironment env;
  jbyteArray array = env->NewByteArray(static_cast<jsize>(len));
  env->SetByteArrayRegion(array, 0, static_cast<jsize>(len), reinterpret_cast<const jbyte*>(data));
  const jboolean ok = QJniObject::callStaticMethod<jboolean>(
      "fr/cnsa/terrain/KeyStoreBridge", "save", "(Landroid/content/Context;Ljava/lang/String;[B)Z",
      context().object(), QJniObject::fromString(QString::fromUtf8(item)).object<jstring>(), array);
  env->DeleteLocalRef(array);
  if (env.checkAndClearExceptions()) return -1;
  return ok ? 0 : -1;
}

}  // namespace

const terrain_keystore* platformKeystore() {
  static const terrain_keystore store{nullptr, &androidLoad, &androidSave};
  return &store;
}

#elif defined(Q_OS_IOS)
namespace {

CFMutableDictionaryRef query(const char* item) {
  CFMutableDictionaryRef q = CFDictionaryCreateMutable(nullptr, 0, &kCFTypeDictionaryKeyCallBacks,
                                                       &kCFTypeDictionaryValueCallBacks);
  CFStringRef account = CFStringCreateWithCString(nullptr, item, kCFStringEncodingUTF8);
  CFDictionarySetValue(q, kSecClass, kSecClassGenericPassword);
  CFDictionarySetValue(q, kSecAttrService, CFSTR("fr.cnsa.terrain"));
  CFDictionarySetValue(q, kSecAttrAccount, account);
  CFRelease(account);
  return q;
}

int iosLoad(void*, const char* item, unsigned char** out, size_t* out_len) {
  *out = nullptr;
  *out_len = 0;
  CFMutableDictionaryRef q = query(item);
  CFDictionarySetValue(q, kSecReturnData, kCFBooleanTrue);
  CFDictionarySetValue(q, kSecMatchLimit, kSecMatchLimitOne);
  CFTypeRef result = nullptr;
  const OSStatus status = SecItemCopyMatching(q, &result);
  CFRelease(q);
  if (status == errSecItemNotFound) return 0;
  if (status != errSecSuccess || !result) return -1;
  auto data = static_cast<CFDataRef>(result);
  const CFIndex n = CFDataGetLength(data);
  *out = static_cast<unsigned char*>(std::malloc(n > 0 ? static_cast<size_t>(n) : 1));
  if (*out) {
    std::memcpy(*out, CFDataGetBytePtr(data), static_cast<size_t>(n));
    *out_len = static_cast<size_t>(n);
  }
  CFRelease(result);
  return *out ? 0 : -1;
}

int iosSave(void*, const char* item, const unsigned char* bytes, size_t len) {
  CFMutableDictionaryRef q = query(item);
  SecItemDelete(q);  // replace any previous value
  CFDataRef data = CFDataCreate(nullptr, bytes, static_cast<CFIndex>(len));
  CFDictionarySetValue(q, kSecValueData, data);
  CFDictionarySetValue(q, kSecAttrAccessible, kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly);
  const OSStatus status = SecItemAdd(q, nullptr);
  CFRelease(data);
  CFRelease(q);
  return status == errSecSuccess ? 0 : -1;
}

}  // namespace

const terrain_keystore* platformKeystore() {
  static const terrain_keystore store{nullptr, &iosLoad, &iosSave};
  return &store;
}

#else

const terrain_keystore* platformKeystore() {
  return nullptr;
}

#endif

}  // namespace terrain::field
