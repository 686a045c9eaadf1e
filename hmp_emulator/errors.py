"""Every HMP error the emulator answers, in one place.

An error body is never wrapped in "data" and carries httpStatusCode as a number (contract: errors,
not_found_codes).
Raise ``SOURCE_NOT_FOUND()`` or ``INPUT_VALIDATION("port must be ...")`` from any handler.
"""


class HmpError(Exception):
    def __init__(self, code, name, message, status):
        super().__init__(message)
        self.code, self.name, self.message, self.status = code, name, message, status

    def body(self):
        return {"code": self.code, "name": self.name, "message": self.message,
                "httpStatusCode": self.status}


class ErrorDef:
    """A catalogue entry; calling it (optionally with a message) builds the exception."""

    def __init__(self, code, name, message, status):
        self.code, self.name, self.message, self.status = code, name, message, status

    def __call__(self, message=None):
        return HmpError(self.code, self.name, message or self.message, self.status)


# 400
BAD_REQUEST = ErrorDef("010000", "BadRequest", "Bad request", 400)  # session events (own page)
INPUT_VALIDATION = ErrorDef("010001", "InputValidation", "Invalid input", 400)
INPUT_VALIDATION_FAILED = ErrorDef("010001", "InputValidationFailed", "Invalid input", 400)  # streams
INVALID_FILTER = ErrorDef("010002", "InvalidFilter", "Invalid filter", 400)
MULTI_SOURCES_STREAM = ErrorDef("010005", "MultiSourcesStream",
                                "Multi-Source recordings must have a destination list", 400)
ADDRESS_IN_USE = ErrorDef("010006", "AddressPortAlreadyInUse", "Address or port already in use", 400)
ADDRESS_IN_USE_BY_SOURCE = ErrorDef("010006", "AddressPortAlreadyInUse",
                                    "Address or port already in use by a source", 400)
# 401 / 403
USER_NOT_AUTHORIZED = ErrorDef("020001", "UserNotAuthorized", "User is not authorized", 401)
NO_ROLES = ErrorDef("020001", "UserNotAuthorized", "User has no roles assigned", 401)
INVALID_CREDENTIALS = ErrorDef("020002", "InvalidCredentials", "Invalid credentials", 401)
FORBIDDEN = ErrorDef("030001", "Forbidden", "Forbidden", 403)  # HMP documents no body for it (contract: forbidden)
# 404
NOT_FOUND = ErrorDef("040000", "NotFound", "Not Found Error", 404)
DEAD_LOGIN_NOT_FOUND = ErrorDef("040000", "NotFound", "Not found", 404)  # under a dead login, V10 b/c
DEVICE_NOT_FOUND = ErrorDef("040000", "NotFound", "Device not found", 404)
DEVICE_OFFLINE = ErrorDef("040000", "NotFound", "Device offline", 404)
DEVICE_STREAM_NOT_FOUND = ErrorDef("040000", "NotFound", "Device stream not found", 404)  # offline box, V7 b
RECORDING_NOT_FOUND = ErrorDef("040001", "RecordingNotFound", "Active recording not found", 404)
ASSET_NOT_FOUND = ErrorDef("040002", "AssetNotFound", "Video not found", 404)
# Decision 23: the Delete Source Metadata page's own code is 040002.
SOURCE_METADATA_SOURCE_NOT_FOUND = ErrorDef("040002", "SourceNotFound", "Source not found", 404)
STREAM_NOT_FOUND = ErrorDef("040003", "StreamNotFound", "Stream not found", 404)
USER_NOT_FOUND = ErrorDef("040004", "UserNotFound", "User not found", 404)
SESSION_NOT_FOUND = ErrorDef("040006", "SessionNotFound", "Session not found", 404)
CATEGORY_NOT_FOUND = ErrorDef("040007", "CategoryNotFound", "Category not found", 404)
SOURCE_NOT_FOUND = ErrorDef("040009", "SourceNotFound", "Source not found", 404)
NO_RESULTS = ErrorDef("040012", "NoResults", "No results", 404)
TRACK_NOT_FOUND = ErrorDef("040015", "TrackNotFound", "Track not found", 404)
AUTH_SESSION_NOT_FOUND = ErrorDef("040022", "AuthSessionNotFound", "Unknown session", 404)
EVENT_NOT_FOUND = ErrorDef("040031", "ScheduleEventNotFound", "Scheduled event not found", 404)
EVENT_NOT_FOUND_PUT = ErrorDef("040031", "ScheduledEventNotFound", "Scheduled event not found", 404)
# 405 / 409 / 415
METHOD_NOT_ALLOWED = ErrorDef("050000", "MethodNotAllowed", "Method not allowed", 405)
RECORDING_IN_PROGRESS = ErrorDef("060003", "RecordingInProgress", "Recording currently in progress", 409)
SOURCE_ALREADY_IN_SESSION = ErrorDef("060008", "SessionSourceAlreadyExists",
                                     "Source already added to this session", 409)
SESSION_HAS_NO_SOURCE = ErrorDef("060009", "SessionHasNoSource",
                                 "Session requires at least one source", 409)
USER_EXISTS = ErrorDef("060010", "UserExists", "User already exists", 409)  # (contract: users)
CANNOT_DELETE_SELF = ErrorDef("060011", "CannotDeleteSelf", "Cannot delete own account", 409)
VIDEO_BEING_STREAMED = ErrorDef("060013", "RecordingBeingStreamed", "Video currently being streamed", 409)
UNSUPPORTED_MEDIA_TYPE = ErrorDef("100000", "UnsupportedMediaType", "Unsupported Media Type", 415)
# 5xx
INTERNAL = ErrorDef("070000", "InternalServer", "Internal Server Error", 500)

# Bodies for injected faults (/_emulator/faults error_statuses), by HTTP status.
_FAULTS = {
    400: BAD_REQUEST, 401: USER_NOT_AUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND,
    405: METHOD_NOT_ALLOWED, 409: ErrorDef("060000", "Conflict", "Conflict", 409),
    415: UNSUPPORTED_MEDIA_TYPE, 500: INTERNAL,
    501: ErrorDef("080000", "NotImplemented", "Not Implemented", 501),
    503: ErrorDef("090002", "ServiceUnavailable", "Service unavailable", 503),
}


def for_status(status):
    """An HMP-shaped error for an arbitrary HTTP status (fault injection)."""
    if status in _FAULTS:
        return _FAULTS[status]()
    from http import HTTPStatus
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return HmpError("000000", "Unknown", phrase, status)
