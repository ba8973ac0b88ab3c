package org.lightkeeper.firmware.grpc.security;

import java.util.List;

/**
 * The role each management method needs, from its name. Reads (simple names starting with Get,
 * List, Subscribe, Stream, and the health and reflection services) need viewer; control writes
 * (Set*, Relock*, WarmRestart*, Enable*, Disable*, Clear*, Save*, Acknowledge*) need operator; register writes and
 * configuration restore need admin. Anything else needs admin, so a method added later and not yet
 * classified here fails safe; that includes a raw register read ("ReadRegister"), since CMIS latched
 * flags clear on read.
 */
public final class MethodPolicy {
    private static final List<String> READ_PREFIXES = List.of("Get", "List", "Subscribe", "Stream");
    private static final List<String> OPERATOR_PREFIXES = List.of("Set", "Relock", "WarmRestart", "Enable", "Disable",
            "Clear", "Save", "Acknowledge");
    private static final List<String> ADMIN_PREFIXES = List.of("WriteRegister", "Restore");
    private static final List<String> READ_SERVICES = List.of("grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

    private MethodPolicy() {
    }

    /** The role {@code fullMethodName} ("package.Service/Method") needs. */
    public static Role required(String fullMethodName) {
        int slash = fullMethodName.lastIndexOf('/');
        String service = slash < 0 ? "" : fullMethodName.substring(0, slash);
        String method = fullMethodName.substring(slash + 1);
        if (READ_SERVICES.contains(service)) {
            return Role.VIEWER;
        }
        if (startsWithAny(method, ADMIN_PREFIXES)) {
            return Role.ADMIN;
        }
        if (startsWithAny(method, READ_PREFIXES)) {
            return Role.VIEWER;
        }
        if (startsWithAny(method, OPERATOR_PREFIXES)) {
            return Role.OPERATOR;
        }
        return Role.ADMIN;
    }

    /** True for methods that change something (everything above viewer): these are audited and rate limited. */
    public static boolean isWrite(String fullMethodName) {
        return required(fullMethodName) != Role.VIEWER;
    }

    private static boolean startsWithAny(String method, List<String> prefixes) {
        for (String p : prefixes) {
            if (method.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
