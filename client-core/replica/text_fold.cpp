#include "text_fold.h"

#include <cstdint>

namespace terrain::replica_detail {
namespace {

struct Fold {
  char32_t first;
  char32_t last;
  const char* to;
};

// Code point ranges and what every code point in them folds to.
constexpr Fold kFolds[] = {
    {0xC0, 0xC5, "a"},
    {0xC6, 0xC6, "ae"},
    {0xC7, 0xC7, "c"},
    {0xC8, 0xCB, "e"},
    {0xCC, 0xCF, "i"},
    {0xD0, 0xD0, "d"},
    {0xD1, 0xD1, "n"},
    {0xD2, 0xD6, "o"},
    {0xD8, 0xD8, "o"},
    {0xD9, 0xDC, "u"},
    {0xDD, 0xDD, "y"},
    {0xDE, 0xDE, "th"},
    {0xDF, 0xDF, "ss"},
    {0xE0, 0xE5, "a"},
    {0xE6, 0xE6, "ae"},
    {0xE7, 0xE7, "c"},
    {0xE8, 0xEB, "e"},
    {0xEC, 0xEF, "i"},
    {0xF0, 0xF0, "d"},
    {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"},
    {0xF8, 0xF8, "o"},
    {0xF9, 0xFC, "u"},
    {0xFD, 0xFD, "y"},
    {0xFE, 0xFE, "th"},
    {0xFF, 0xFF, "y"},
    {0x100, 0x105, "a"},
    {0x106, 0x10D, "c"},
    {0x10E, 0x111, "d"},
    {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"},
    {0x124, 0x127, "h"},
    {0x128, 0x131, "i"},
    {0x132, 0x133, "ij"},
    {0x134, 0x135, "j"},
    {0x136, 0x138, "k"},
    {0x139, 0x142, "l"},
    {0x143, 0x14B, "n"},
    {0x14C, 0x151, "o"},
    {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"},
    {0x15A, 0x161, "s"},
    {0x162, 0x167, "t"},
    {0x168, 0x173, "u"},
    {0x174, 0x175, "w"},
    {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"},
    {0x17F, 0x17F, "s"},
    // Typographic apostrophes and dashes fold to their ASCII forms.
    {0x2019, 0x2019, "'"},
    {0x2018, 0x2018, "'"},
    {0x2010, 0x2011, "-"},
    {0x2013, 0x2014, "-"},
    {0xA0, 0xA0, " "},
    {0x202F, 0x202F, " "},
    {0x1E9E, 0x1E9E, "ss"},
    {0x0218, 0x0219, "s"},
    {0x021A, 0x021B, "t"},
    {0x1EBC, 0x1EBD, "e"},
};

// Decodes one code point; on invalid UTF-8 returns the byte itself and advances by one.
char32_t next_code_point(std::string_view s, std::size_t& i, std::size_t& len) {
  const auto c = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  if (c < 0x80) {
    len = 1;
    return c;
  }
  if ((c & 0xE0) == 0xC0 && cont(1)) {
    len = 2;
    return (char32_t(c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
  }
  if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    len = 3;
    return (char32_t(c & 0x0F) << 12) |
           (char32_t(static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3F);
  }
  if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    len = 4;
    return (char32_t(c & 0x07) << 18) |
           (char32_t(static_cast<unsigned char>(s[i + 1]) & 0x3F) << 12) |
           (char32_t(static_cast<unsigned char>(s[i + 2]) & 0x3F) << 6) |
           (static_cast<unsigned char>(s[i + 3]) & 0x3F);
  }
  len = 1;
  return c;
}

}  // namespace

std::string fold_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 1;
    const char32_t cp = next_code_point(s, i, len);
    if (cp < 0x80) {
      char ch = static_cast<char>(cp);
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      out += ch;
    } else {
      const char* to = nullptr;
      for (const auto& f : kFolds)
        if (cp >= f.first && cp <= f.last) {
          to = f.to;
          break;
        }
      if (to != nullptr)
        out += to;
      else
        out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

bool folded_contains(std::string_view haystack, std::string_view needle) {
  return fold_text(haystack).find(fold_text(needle)) != std::string::npos;
}

}  // namespace terrain::replica_detail
