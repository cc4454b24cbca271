#include "engine/http/openapi.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <set>

#include "oneseal/v1/roles.pb.h"

namespace oneseal::http {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Struct;
using google::protobuf::Value;

Value text(const std::string& s) {
  Value v;
  v.set_string_value(s);
  return v;
}

Value boolean(bool b) {
  Value v;
  v.set_bool_value(b);
  return v;
}

Value empty_list() {
  Value v;
  v.mutable_list_value();
  return v;
}

Value object(std::initializer_list<std::pair<std::string, Value>> fields) {
  Value v;
  auto* s = v.mutable_struct_value()->mutable_fields();
  for (const auto& [k, field] : fields) (*s)[k] = field;
  return v;
}

Value& at(Value& v, const std::string& key) { return (*v.mutable_struct_value()->mutable_fields())[key]; }

Value ref(const Descriptor* d) { return object({{"$ref", text("#/components/schemas/" + d->full_name())}}); }

// The JSON schema of one field as protobuf's JSON mapping writes it; messages it names are
// added to `pending`.
Value field_schema(const FieldDescriptor* f, std::set<const Descriptor*>* pending) {
  Value item;
  switch (f->type()) {
    case FieldDescriptor::TYPE_MESSAGE: {
      const Descriptor* m = f->message_type();
      if (m->full_name() == "google.protobuf.Timestamp") {
        item = object({{"type", text("string")}, {"format", text("date-time")}});
      } else if (f->is_map()) {
        return object({{"type", text("object")},
                       {"additionalProperties", field_schema(m->map_value(), pending)}});
      } else {
        pending->insert(m);
        item = ref(m);
      }
      break;
    }
    case FieldDescriptor::TYPE_ENUM: {
      Value values;
      for (int i = 0; i < f->enum_type()->value_count(); ++i) {
        *values.mutable_list_value()->add_values() = text(f->enum_type()->value(i)->name());
      }
      item = object({{"type", text("string")}, {"enum", values}});
      break;
    }
    case FieldDescriptor::TYPE_BOOL:
      item = object({{"type", text("boolean")}});
      break;
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_UINT32:
      item = object({{"type", text("integer")}, {"format", text("int32")}});
      break;
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_UINT64:
      item = object({{"type", text("string")}, {"format", text("int64")}});
      break;
    case FieldDescriptor::TYPE_DOUBLE:
    case FieldDescriptor::TYPE_FLOAT:
      item = object({{"type", text("number")}});
      break;
    case FieldDescriptor::TYPE_BYTES:
      item = object({{"type", text("string")}, {"format", text("byte")}});
      break;
    default:
      item = object({{"type", text("string")}});
  }
  if (f->is_repeated()) return object({{"type", text("array")}, {"items", item}});
  return item;
}

Value message_schema(const Descriptor* d, std::set<const Descriptor*>* pending) {
  Value properties = object({});
  for (int i = 0; i < d->field_count(); ++i) {
    at(properties, d->field(i)->json_name()) = field_schema(d->field(i), pending);
  }
  return object({{"type", text("object")}, {"properties", properties}});
}

Value content(const Descriptor* d) {
  return object({{"application/json", object({{"schema", ref(d)}})},
                 {"application/x-protobuf", object({{"schema", ref(d)}})}});
}

Value operation(const Route& route, std::set<const Descriptor*>* pending) {
  Value op = object({{"summary", text(route.summary)}});
  Value parameters;
  auto add_parameter = [&](const std::string& name, const char* where) {
    *parameters.mutable_list_value()->add_values() =
        object({{"name", text(name)}, {"in", text(where)}, {"required", boolean(std::string(where) == "path")},
                {"schema", object({{"type", text("string")}})}});
  };
  for (size_t open = route.pattern.find('{'); open != std::string::npos; open = route.pattern.find('{', open + 1)) {
    add_parameter(route.pattern.substr(open + 1, route.pattern.find('}', open) - open - 1), "path");
  }
  for (const auto& q : route.query) add_parameter(q, "query");
  if (route.method == "POST") add_parameter("Idempotency-Key", "header");
  if (parameters.has_list_value()) at(op, "parameters") = parameters;
  if (route.body) {
    pending->insert(route.body);
    at(op, "requestBody") = object({{"content", content(route.body)}});
  }
  Value responses = object({});
  if (route.response) {
    pending->insert(route.response);
    at(responses, "200") = object({{"description", text("OK")}, {"content", content(route.response)}});
  }
  at(responses, "default") =
      object({{"description", text("An error")}, {"content", content(v1::Error::descriptor())}});
  pending->insert(v1::Error::descriptor());
  at(op, "responses") = responses;
  if (!route.roles.empty()) {
    Value roles;
    for (auto role : route.roles) *roles.mutable_list_value()->add_values() = text(v1::Role_Name(role));
    at(op, "x-roles") = roles;
    Value security;
    *security.mutable_list_value()->add_values() = object({{"bearer", empty_list()}});
    at(op, "security") = security;
  }
  return op;
}

}  // namespace

std::string openapi_document(const Router& router) {
  std::set<const Descriptor*> pending;
  Value paths = object({});
  for (const Route& route : router.routes()) {
    Value& path = at(paths, route.pattern);
    if (!path.has_struct_value()) path = object({});
    std::string method = route.method;
    for (auto& c : method) c = char(std::tolower(static_cast<unsigned char>(c)));
    at(path, method) = operation(route, &pending);
  }
  Value schemas = object({});
  std::set<const Descriptor*> done;
  while (!pending.empty()) {
    const Descriptor* d = *pending.begin();
    pending.erase(pending.begin());
    if (!done.insert(d).second) continue;
    at(schemas, d->full_name()) = message_schema(d, &pending);
  }
  Value doc = object({{"openapi", text("3.0.3")},
                      {"info", object({{"title", text("OneSeal API")}, {"version", text("v1")}})},
                      {"paths", paths},
                      {"components",
                       object({{"schemas", schemas},
                               {"securitySchemes",
                                object({{"bearer", object({{"type", text("http")}, {"scheme", text("bearer")}})}})}})}});
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(doc, &out, options);
  return out;
}

}  // namespace oneseal::http
