namespace Ht2;

public partial struct HttpFieldValidator
{
    private readonly string? CompleteRequest(bool endStream)
    {
        if (!Has(HttpPseudoHeader.Method))
        {
            return "RFC 9113 §8.3.1: a request without :method";
        }

        string? form = IsExtendedConnect ? CheckExtendedConnect() : IsConnect ? CheckConnect() : CheckOrdinaryRequest();
        if (form is not null)
        {
            return form;
        }

        // HEADERS with END_STREAM carries the whole request, so a declared length must be zero (RFC 9113 §8.1.1).
        // A CONNECT request has no content length; its DATA is the tunnel.
        if (endStream && !IsConnect)
        {
            HttpBodyLength body = new(ContentLength);
            if (!body.TryEnd())
            {
                return "RFC 9113 §8.1.1: content-length is not the length of the DATA";
            }
        }

        return null;
    }

    private readonly string? CheckOrdinaryRequest()
    {
        if (!Has(HttpPseudoHeader.Scheme))
        {
            return "RFC 9113 §8.3.1: a request without :scheme";
        }

        if (!Has(HttpPseudoHeader.Path))
        {
            return "RFC 9113 §8.3.1: a request without :path";
        }

        return CheckTarget();
    }

    // RFC 9113 §8.5: CONNECT carries :method and :authority (host and port) only.
    private readonly string? CheckConnect()
    {
        if (Has(HttpPseudoHeader.Scheme) || Has(HttpPseudoHeader.Path))
        {
            return "RFC 9113 §8.5: CONNECT with :scheme or :path";
        }

        if (!Has(HttpPseudoHeader.Authority))
        {
            return "RFC 9113 §8.5: CONNECT without :authority";
        }

        return Has(Facts.AuthorityHostAndPort) ? null : "RFC 9113 §8.5: the :authority of CONNECT is not host:port";
    }

    // RFC 8441 §4: :protocol only on CONNECT, which then also carries :scheme, :path and :authority.
    private readonly string? CheckExtendedConnect()
    {
        if (!IsConnect)
        {
            return "RFC 8441 §4: :protocol in a request whose method is not CONNECT";
        }

        if (!Has(HttpPseudoHeader.Scheme) || !Has(HttpPseudoHeader.Path) || !Has(HttpPseudoHeader.Authority))
        {
            return "RFC 8441 §4: an extended CONNECT without :scheme, :path or :authority";
        }

        return CheckTarget();
    }

    // RFC 9113 §8.3.1: the target a :scheme and :path (and :authority or host) describe.
    private readonly string? CheckTarget()
    {
        if (Has(Facts.PathEmpty))
        {
            return "RFC 9113 §8.3.1: an empty :path";
        }

        if (Has(Facts.PathAsterisk) && !Has(Facts.Options))
        {
            return "RFC 9113 §8.3.1: :path '*' in a request that is not OPTIONS";
        }

        if (!Has(Facts.HttpOrHttpsScheme))
        {
            return null;
        }

        if (!Has(Facts.PathAbsolute) && !Has(Facts.PathAsterisk))
        {
            return "RFC 9113 §8.3.1: an http or https :path that neither starts with '/' nor is '*'";
        }

        if (Has(Facts.AuthorityEmpty) || Has(Facts.HostEmpty))
        {
            return "RFC 9113 §8.3.1: an empty :authority or host for an http or https URI";
        }

        return Has(Facts.AuthorityUserinfo) ? "RFC 9113 §8.3.1: a userinfo in the :authority of an http or https URI" : null;
    }

    private readonly string? CompleteResponse(bool endStream)
    {
        if (!Has(HttpPseudoHeader.Status))
        {
            return "RFC 9113 §8.3.2: a response without :status";
        }

        // An informational response is followed by another header section, so it cannot end the stream (§8.1).
        return endStream && _status < 200 ? "RFC 9113 §8.1: an informational (1xx) response with END_STREAM" : null;
    }
}
