//! The console's pages: plain HTML, CSS and JavaScript written for Sluice and compiled into
//! the binary (no framework, no CDN, nothing fetched or built at run time). Served with their
//! content types and an ETag of their bytes: browsers revalidate (`no-cache`) and get 304 when
//! the binary, and so the asset, is unchanged.

use crate::server::Response;

struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        path: "/",
        content_type: "text/html; charset=utf-8",
        body: include_bytes!("../../assets/index.html"),
    },
    Asset {
        path: "/assets/console.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../assets/console.css"),
    },
    Asset {
        path: "/assets/console.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/console.js"),
    },
];

/// FNV-1a of the bytes: an ETag that changes when the asset does.
fn etag(body: &[u8]) -> String {
    let hash = body.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("\"{hash:016x}\"")
}

/// The login page (`/login`), with `message` (one of the console's own fixed sentences, never
/// anything a request sent) above the form.
pub(crate) fn login_page(status: u16, message: &str) -> Response {
    const PAGE: &str = include_str!("../../assets/login.html");
    let shown = if message.is_empty() {
        String::new()
    } else {
        format!("<p class=\"error\" id=\"login-error\" data-error=\"{status}\">{message}</p>")
    };
    Response::new(
        status,
        "text/html; charset=utf-8",
        PAGE.replace("<!--message-->", &shown).into_bytes(),
    )
}

pub(crate) fn serve(path: &str, if_none_match: Option<&str>) -> Response {
    let Some(asset) = ASSETS.iter().find(|a| a.path == path) else {
        return Response::text(404, "no such page: the console is at /\n");
    };
    let tag = etag(asset.body);
    let fresh =
        if_none_match.is_some_and(|m| m.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut response = if fresh {
        Response::new(304, asset.content_type, Vec::new())
    } else {
        Response::new(200, asset.content_type, asset.body.to_vec())
    };
    response.cache_control = "no-cache";
    response.etag = Some(tag);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_have_types_and_etags() {
        let page = serve("/", None);
        assert_eq!(page.status, 200);
        assert!(page.content_type.starts_with("text/html"));
        let tag = page.etag.clone().unwrap();
        assert_eq!(serve("/", Some(&tag)).status, 304);
        assert!(serve("/", Some(&tag)).body.is_empty());
        assert_eq!(serve("/", Some("\"other\"")).status, 200);
        assert_eq!(
            serve("/assets/console.js", None).content_type,
            "text/javascript; charset=utf-8"
        );
        assert_eq!(serve("/assets/../etc/passwd", None).status, 404);
        assert_eq!(serve("/assets/", None).status, 404);
    }
}
