// oneseal users add | revoke | list --db FILE: staff accounts and their bearer tokens, on a
// database no server is writing (a running server does the same through /v1/users).
#include <iostream>
#include <map>

#include "engine/calendar_file.h"
#include "engine/catalogue.h"
#include "engine/time_source.h"
#include "storage/user_directory.h"
#include "storage/writer_lock.h"
#include "tools/commands.h"
#include "tools/table.h"

namespace oneseal::cli {

namespace {

// The roles a user may have, as --role spells them.
const std::map<std::string, v1::Role> kRoles = {{"clerk", v1::CLERK},
                                                {"reviewer", v1::REVIEWER},
                                                {"approver", v1::APPROVER},
                                                {"supervisor", v1::SUPERVISOR},
                                                {"administrator", v1::ADMINISTRATOR}};

struct UsersArgs {
  std::string db;
  std::string calendar = "seeds/calendar";
  std::string workflows = "workflows";
  std::string name, role, department, office;
  std::string id;
};

// What one command works on. Members are destroyed in reverse: the directory before the store,
// the store before the calendar and time it refers to.
struct Session {
  Calendar calendar;
  SystemTime time;
  std::unique_ptr<SqliteEventStore> store;
  std::unique_ptr<UserDirectory> users;
};

// Prints why a command failed. The request's fields are named as the options, so a wrong one
// is reported as its option, with the usage error's exit status.
void fail(const std::string& command, const Status& status, int* exit_code) {
  std::cerr << "oneseal users " << command << ": ";
  if (status.code() == Code::kInvalidArgument && !status.field().empty()) std::cerr << "--" << status.field() << ": ";
  std::cerr << status.message() << "\n";
  *exit_code = status.code() == Code::kInvalidArgument ? kUsageError : 1;
}

// Whether another process holds the file's writer lock: a running server, or a rebuild.
bool held_elsewhere(const std::string& path) {
  auto lock = WriterLock::acquire(path);
  return !lock.ok() && lock.status().code() == Code::kFailedPrecondition;
}

// Opens the database and its users, or says why not. `on_server` is the route that does the
// same on a running server, for writes; reads open the file read-only, beside a server.
std::unique_ptr<Session> open_session(const UsersArgs& args, const std::string& command, const char* on_server,
                                      int* exit_code) {
  auto session = std::make_unique<Session>();
  auto calendar = load_calendar(args.calendar);
  if (!calendar.ok()) {
    fail(command, Status::invalid_argument("calendar", calendar.status().message()), exit_code);
    return nullptr;
  }
  session->calendar = std::move(*calendar);
  auto store = SqliteEventStore::open(args.db, session->calendar, StoreOptions{.read_only = on_server == nullptr});
  if (!store.ok()) {
    if (on_server != nullptr && held_elsewhere(args.db)) {
      std::cerr << "oneseal users " << command << ": " << args.db << " is held by a running server (or a rebuild): "
                << "stop it first, or use the server: " << on_server << " does the same\n";
      *exit_code = 1;
      return nullptr;
    }
    fail(command, store.status(), exit_code);
    return nullptr;
  }
  session->store = std::move(*store);
  auto users = UserDirectory::load(*session->store, session->time);
  if (!users.ok()) {
    fail(command, users.status(), exit_code);
    return nullptr;
  }
  session->users = std::move(*users);
  return session;
}

void print_users(const std::vector<v1::User>& users) {
  std::vector<std::vector<std::string>> rows = {{"ID", "NAME", "ROLE", "DEPARTMENT", "OFFICE", "STATUS"}};
  for (const auto& u : users) {
    rows.push_back({u.id(), u.name(), v1::Role_Name(u.role()), u.department().empty() ? "-" : u.department(),
                    u.office().empty() ? "-" : u.office(), u.revoked() ? "revoked" : "active"});
  }
  print_table(std::cout, rows);
}

}  // namespace

void add_users_command(CLI::App& app, int* exit_code) {
  static UsersArgs args;
  auto* users = app.add_subcommand("users", "Staff accounts and their bearer tokens (a running server: /v1/users)");
  users->require_subcommand(1);
  users->fallthrough();  // --db and --calendar may follow the subcommand: `users add --db FILE`
  users->add_option("--db", args.db, "The database file")->required();
  users->add_option("--calendar", args.calendar, "Folder of yearly holiday files")->capture_default_str();

  auto* add = users->add_subcommand("add", "Add a user and print their bearer token, shown this once");
  add->add_option("--name", args.name, "The person's name, at most 64 characters")->required();
  add->add_option("--role", args.role, "What they may do")
      ->required()
      ->check(CLI::IsMember(kRoles));
  add->add_option("--department", args.department, "A reviewer's department (a code of the catalogue)");
  add->add_option("--office", args.office, "A clerk's receiving office");
  add->add_option("--workflows", args.workflows, "The catalogue folder, for the department codes")
      ->capture_default_str();
  add->callback([exit_code] {
    // Department codes are needed only to check --department.
    std::set<std::string> department_codes;
    if (!args.department.empty()) {
      department_codes = load_catalogue(args.workflows).catalogue.department_codes();
      if (department_codes.empty()) {
        fail("add", Status::invalid_argument("workflows", "no departments in " + args.workflows), exit_code);
        return;
      }
    }
    auto session = open_session(args, "add", "POST /v1/users", exit_code);
    if (!session) return;
    v1::CreateUserRequest request;
    request.set_name(args.name);
    request.set_role(kRoles.at(args.role));
    request.set_department(args.department);
    request.set_office(args.office);
    auto created = session->users->add(request, department_codes);
    if (!created.ok()) return fail("add", created.status(), exit_code);
    std::cout << "id: " << created->user().id() << "\n" << "token: " << created->token() << "\n";
    std::cerr << "The token is shown this once: only its hash is kept.\n";
  });

  auto* revoke = users->add_subcommand("revoke", "Refuse a user's token from now on");
  revoke->add_option("--id", args.id, "The user's id (see `oneseal users list`)")->required();
  revoke->callback([exit_code] {
    auto session = open_session(args, "revoke", "POST /v1/users/{id}:revoke", exit_code);
    if (!session) return;
    if (Status s = session->users->revoke(args.id); !s.ok()) return fail("revoke", s, exit_code);
    std::cout << args.id << ": revoked\n";
  });

  users->add_subcommand("list", "Every user, revoked ones too (never their tokens)")->callback([exit_code] {
    auto session = open_session(args, "list", nullptr, exit_code);
    if (!session) return;
    print_users(session->users->list());
  });
}

}  // namespace oneseal::cli
