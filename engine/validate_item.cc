// The rules an item definition must keep before a case may run on it (docs/workflows.md).
#include <algorithm>
#include <cctype>
#include <functional>
#include <map>

#include "engine/catalogue.h"
#include "engine/roles.h"

namespace oneseal {

namespace {

using v1::ItemDefinition;
using v1::Stage;

class ItemChecker {
 public:
  ItemChecker(const ItemDefinition& item, const std::set<std::string>& departments)
      : item_(item), departments_(departments) {}

  std::vector<std::string> run() {
    check_header();
    check_limits();
    check_materials();
    check_steps();
    check_stages();
    if (problems_.empty()) check_paths();
    return std::move(problems_);
  }

 private:
  void fail(std::string message) { problems_.push_back(std::move(message)); }

  void check_header() {
    const std::string& code = item_.code();
    if (code.empty()) fail("code is missing");
    if (code.size() > 36) fail("code is longer than 36 characters");
    for (char c : code) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
        fail("code may hold only letters, digits, '-', '_' and '.'");
        break;
      }
    }
    if (item_.version() < 1) fail("version must be 1 or more");
    if (item_.name().empty()) fail("name is missing");
    if (item_.legal_basis().empty()) fail("legal_basis is missing");
    if (!departments_.count(item_.department())) {
      fail("department '" + item_.department() + "' is not in departments.textproto");
    }
    if (item_.kind() == v1::ITEM_KIND_UNSPECIFIED) fail("kind must be INSTANT or PROMISED");
    for (int r : item_.intake_by()) check_actor_role(v1::Role(r), "intake_by");
  }

  void check_limits() {
    const int statutory = item_.statutory_limit_working_days();
    const int promised = item_.promised_limit_working_days();
    if (statutory <= 0) fail("statutory_limit_working_days must be positive");
    if (item_.kind() == v1::INSTANT && promised != 0) {
      fail("an INSTANT item is decided the same day: promised_limit_working_days must be 0");
    }
    if (item_.kind() == v1::PROMISED && promised <= 0) {
      fail("promised_limit_working_days must be positive");
    }
    if (promised > statutory) {
      fail("promised limit (" + std::to_string(promised) + ") exceeds the statutory limit (" +
           std::to_string(statutory) + ")");
    }
    if (item_.extension_working_days() < 0) fail("extension_working_days must not be negative");
    if (item_.warning_share_percent() < 0 || item_.warning_share_percent() > 100) {
      fail("warning_share_percent must be between 0 and 100");
    }
  }

  void check_materials() {
    if (item_.material().empty()) fail("no materials are listed");
    bool has_non_key = false;
    int pledges = 0;
    for (const auto& m : item_.material()) {
      if (m.id().empty() || m.name().empty()) fail("a material needs an id and a name");
      if (!materials_.insert(m.id()).second) fail("material id '" + m.id() + "' is used twice");
      if (m.key() && m.optional()) fail("material " + m.id() + " cannot be both key and optional");
      has_non_key |= !m.key() && !m.optional();
      if (m.pledge()) {
        ++pledges;
        if (!m.optional()) fail("the pledge " + m.id() + " must be optional: only the pledge route needs it");
      }
    }
    if (item_.accept_with_deficiencies() && !has_non_key) {
      fail("accept_with_deficiencies needs at least one non-key, non-optional material");
    }
    if (item_.pledge_approval() && pledges != 1) fail("pledge_approval needs exactly one material marked pledge");
    if (!item_.pledge_approval() && pledges > 0) fail("a material marked pledge needs pledge_approval");
  }

  // Stage, branch and step ids share one namespace within the item.
  void check_id(const char* what, const std::string& id) {
    if (id.empty() || !ids_.insert(id).second) fail(std::string(what) + " id '" + id + "' is missing or used twice");
  }

  void check_steps() {
    for (const auto& s : item_.step()) {
      check_id("step", s.id());
      steps_.insert(s.id());
      if (s.kind() == v1::STEP_KIND_UNSPECIFIED) fail("step " + s.id() + ": kind is missing");
      if (s.kind() == v1::ON_SITE_INSPECTION && s.min_staff() < 2) {
        fail("step " + s.id() + ": an on-site inspection needs min_staff of 2 or more");
      }
      for (int r : s.performed_by()) check_actor_role(v1::Role(r), "step " + s.id());
    }
  }

  void check_stages() {
    if (item_.stage().empty()) {
      fail("no stages are listed");
      return;
    }
    for (const auto& st : item_.stage()) {
      check_id("stage", st.id());
      stages_.emplace(st.id(), &st);
    }
    for (const auto& st : item_.stage()) check_stage(st);
  }

  void check_stage(const Stage& st) {
    const std::string where = "stage " + st.id() + ": ";
    auto need = [&](const std::string& field, const std::string& target) {
      if (target.empty()) {
        fail(where + field + " is missing (a dead end)");
      } else if (!stages_.count(target)) {
        fail(where + field + " names unknown stage '" + target + "'");
      }
    };
    if (st.kind() != v1::REVIEW && st.branch_size() > 0)
      fail(where + "only a REVIEW stage has branches");
    if (st.kind() != v1::DECISION && !st.on_refuse().empty())
      fail(where + "only a DECISION stage has on_refuse");
    if (st.kind() != v1::REVIEW && !st.on_deny().empty())
      fail(where + "only a REVIEW stage has on_deny");
    switch (st.kind()) {
      case v1::REVIEW:
        check_branches(st);
        need("next", st.next());
        if (!st.on_deny().empty()) {
          auto it = stages_.find(st.on_deny());
          if (it == stages_.end() || it->second->kind() != v1::DECISION) {
            fail(where + "on_deny must name a DECISION stage");
          }
        }
        break;
      case v1::DECISION:
        need("next", st.next());
        need("on_refuse", st.on_refuse());
        break;
      case v1::SEAL:
        need("next", st.next());
        break;
      case v1::DELIVERY:
        if (!st.next().empty()) fail(where + "a DELIVERY stage ends the case and has no next");
        break;
      default:
        fail(where + "kind is missing");
    }
    for (int r : st.performed_by()) check_actor_role(v1::Role(r), "stage " + st.id());
    for (const auto& s : st.steps()) {
      if (!steps_.count(s)) fail(where + "step '" + s + "' is not declared");
    }
    if (st.kind() != v1::REVIEW && st.steps_size() > 0)
      fail(where + "only a REVIEW stage has steps");
  }

  void check_branches(const Stage& st) {
    const std::string where = "stage " + st.id() + ": ";
    if (st.branch().empty()) fail(where + "a REVIEW stage needs at least one branch");
    if (item_.kind() == v1::INSTANT && st.branch_size() > 1) {
      fail(where + "an INSTANT item has no parallel review");
    }
    const int item_limit = item_.promised_limit_working_days();
    for (const auto& b : st.branch()) {
      const std::string bw = "branch " + b.id() + ": ";
      check_id("branch", b.id());
      // A branch's clock is named by its id beside the case's own clocks.
      for (const char* clock : {"intake", "promised", "statutory", "delivery"}) {
        if (b.id() == clock) fail(bw + "the id is reserved for the case's own clocks");
      }
      if (!departments_.count(b.department())) {
        fail(bw + "department '" + b.department() + "' is not in departments.textproto");
      }
      if (b.limit_working_days() <= 0) fail(bw + "limit_working_days must be positive");
      if (item_.kind() == v1::PROMISED && b.limit_working_days() > item_limit) {
        fail(bw + "limit (" + std::to_string(b.limit_working_days()) +
             ") exceeds the item's promised limit (" + std::to_string(item_limit) + ")");
      }
      for (const auto& m : b.materials()) {
        if (!materials_.count(m)) fail(bw + "material '" + m + "' is not listed");
      }
    }
  }

  void check_actor_role(v1::Role role, const std::string& where) {
    if (!is_staff_role(role))
      fail(where + ": role " + v1::Role_Name(role) + " may not act on cases");
  }

  // Walks every path from the first stage: each must reach delivery, meet exactly one
  // decision, and be sealed exactly once if and only if it passes through a grant.
  void check_paths() {
    std::set<std::string> reached;
    std::vector<std::string> path;
    std::function<void(const std::string&, bool granted, int decisions, int seals)> walk =
        [&](const std::string& id, bool granted, int decisions, int seals) {
          if (std::find(path.begin(), path.end(), id) != path.end()) {
            fail("stages form a cycle through '" + id + "'");
            return;
          }
          if (problems_.size() > 20) return;  // one broken graph can have very many paths
          reached.insert(id);
          path.push_back(id);
          const Stage& st = *stages_.at(id);
          switch (st.kind()) {
            case v1::REVIEW:
              if (decisions > 0) fail("path " + describe(path) + " reviews after the decision");
              walk(st.next(), granted, decisions, seals);
              if (!st.on_deny().empty() && st.on_deny() != st.next())
                walk(st.on_deny(), granted, decisions, seals);
              break;
            case v1::DECISION:
              if (decisions > 0) fail("path " + describe(path) + " has more than one decision");
              walk(st.next(), true, decisions + 1, seals);
              walk(st.on_refuse(), false, decisions + 1, seals);
              break;
            case v1::SEAL:
              if (!granted) fail("path " + describe(path) + " seals without a grant");
              walk(st.next(), granted, decisions, seals + 1);
              break;
            case v1::DELIVERY:
              if (decisions == 0)
                fail("path " + describe(path) + " reaches delivery without a decision");
              if (granted && seals != 1) {
                fail("path " + describe(path) + " grants with " + std::to_string(seals) +
                     " seal steps; exactly one is required");
              }
              break;
            default:
              break;
          }
          path.pop_back();
        };
    walk(item_.stage(0).id(), false, 0, 0);
    for (const auto& st : item_.stage()) {
      if (!reached.count(st.id()))
        fail("stage " + st.id() + " is not reachable from the first stage");
    }
  }

  static std::string describe(const std::vector<std::string>& path) {
    std::string s;
    for (const auto& id : path) s += (s.empty() ? "" : " > ") + id;
    return s;
  }

  const ItemDefinition& item_;
  const std::set<std::string>& departments_;
  std::set<std::string> materials_, steps_, ids_;
  std::map<std::string, const Stage*> stages_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> validate_item(const ItemDefinition& item,
                                       const std::set<std::string>& departments) {
  return ItemChecker(item, departments).run();
}

}  // namespace oneseal
