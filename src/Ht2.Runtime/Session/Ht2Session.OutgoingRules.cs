using System;

namespace Ht2;

public sealed partial class Ht2Session
{
    /// <summary>
    /// The message rules for what we send (RFC 9113 §8): a field list is checked as a request (a client's first
    /// section), a response (a server's sections until a final status) or trailers, and its RFC 9113 §6.5.2 size
    /// against the peer's SETTINGS_MAX_HEADER_LIST_SIZE. A <paramref name="section"/> was checked when it was
    /// created, so only its verdict for this kind is looked up. An already encoded block is trusted (neither rules
    /// nor size are checked) and taken as the final response or the request.
    /// </summary>
    private void CheckOutgoingSection(Ht2Stream stream, ReadOnlySpan<Ht2Field> fields, Ht2FieldSection? section, bool checkFields, bool endStream)
    {
        HttpBlockKind kind = stream.FinalHeadersSent ? HttpBlockKind.Trailers : stream.PeerInitiated ? HttpBlockKind.Response : HttpBlockKind.Request;
        if (!checkFields)
        {
            stream.FinalHeadersSent = true;
            return;
        }

        long listSize = section?.FieldListSize ?? Ht2FieldSection.SizeOf(fields);
        if (listSize > _peer.MaxHeaderListSize)
        {
            throw new ArgumentException(
                $"The field section is {listSize} bytes (RFC 9113 §6.5.2), above the peer's SETTINGS_MAX_HEADER_LIST_SIZE of {_peer.MaxHeaderListSize}.",
                nameof(fields));
        }

        bool extendedConnect = Role == Ht2SessionRole.Client && _peer.EnableConnectProtocol;
        HttpFieldValidator validator = section is not null
            ? section.Verdict(kind, extendedConnect, endStream)
            : Ht2FieldSection.Check(fields, kind, extendedConnect, endStream);
        if (validator.Error is string error)
        {
            throw new ArgumentException(error, nameof(fields));
        }

        if (kind == HttpBlockKind.Request)
        {
            stream.Request = validator;
        }

        stream.FinalHeadersSent |= kind == HttpBlockKind.Request || validator.Status >= 200;
    }
}
