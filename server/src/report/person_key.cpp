#include "report/person_key.h"

#include <cstdint>

namespace terrain::server::report {
namespace {

// U+0100..U+0151 (Ā...ő), one ASCII base letter each (Ĳ/ĳ as i).
constexpr char ext_a_table[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooo";

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i, or
// returns nullopt (and advances by one byte) for an invalid sequence.
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) {
  auto b0 = static_cast<unsigned char>(s[i]);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return std::nullopt;
  }
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return std::nullopt;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// ASCII base of a Latin letter with a diacritic (Latin-1 and Latin Extended-A), or
// an empty view when the code point has none.
std::string_view ascii_base(char32_t cp) {
  // U+00C0..U+00FF
  static const char* const latin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  " ", "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  " ", "o", "u", "u", "u", "u", "y", "th", "y"};
  if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
  // U+0100..U+017F in pairs (upper, lower) with a few exceptions handled below.
  static_assert(sizeof(ext_a_table) - 1 == 82);
  if (cp >= 0x100 && cp < 0x100 + 82) return std::string_view(ext_a_table + (cp - 0x100), 1);
  switch (cp) {
    case 0x152:
    case 0x153:
      return "oe";
    case 0x178:
      return "y";
    default:
      break;
  }
  if (cp >= 0x154 && cp <= 0x159) return "r";
  if (cp >= 0x15A && cp <= 0x161) return "s";
  if (cp >= 0x162 && cp <= 0x167) return "t";
  if (cp >= 0x168 && cp <= 0x173) return "u";
  if (cp >= 0x174 && cp <= 0x175) return "w";
  if (cp >= 0x176 && cp <= 0x177) return "y";
  if (cp >= 0x179 && cp <= 0x17E) return "z";
  return {};
}

bool is_separator(char32_t cp) {
  switch (cp) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '\'':
    case '-':
    case '.':
    case ',':
    case '_':
    case 0x00A0:  // no-break space
    case 0x2019:  // right single quotation mark (typographic apostrophe)
    case 0x2018:
    case 0x02BC:
    case 0x2010:  // hyphens and dashes
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x202F:  // narrow no-break space
    case 0x2009:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string fold_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  auto emit = [&](std::string_view piece) {
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out.append(piece);
  };
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    auto cp = next_code_point(text, i);
    if (!cp) {
      emit(text.substr(start, 1));
      continue;
    }
    if (is_separator(*cp)) {
      pending_space = true;
      continue;
    }
    if (*cp < 0x80) {
      char c = static_cast<char>(*cp);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      emit(std::string_view(&c, 1));
      continue;
    }
    if (auto base = ascii_base(*cp); !base.empty()) {
      if (base == " ") {
        pending_space = true;
        continue;
      }
      emit(base);
      continue;
    }
    std::string other;
    append_utf8(other, *cp);
    emit(other);
  }
  return out;
}

std::optional<std::string> person_key(const nlohmann::json& view) {
  auto name = view.find("display_name");
  if (name == view.end() || !name->is_string()) return std::nullopt;
  std::string folded_name = fold_text(name->get<std::string>());
  if (folded_name.empty()) return std::nullopt;
  std::string org;
  if (auto o = view.find("organisation"); o != view.end() && o->is_string())
    org = fold_text(o->get<std::string>());
  // A separator that folding never produces keeps "a b"+"c" apart from "a"+"b c".
  return folded_name + '\x1f' + org;
}

}  // namespace terrain::server::report
