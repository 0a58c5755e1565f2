//! Endpoint resolution as the official generated SDKs do it (`get_endpoint` in the ICE and Live
//! clients): a fixed map per product, else the regional rule `<product>[-<network>].<region>.aliyuncs.com`.

use aliasr_models::Product;

/// Regions the ICE client maps to the central `ice.aliyuncs.com` (cn-shanghai has its own host).
const ICE_CENTRAL_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2-pop",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "cn-beijing",
    "cn-beijing-finance-1",
    "cn-beijing-finance-pop",
    "cn-beijing-gov-1",
    "cn-beijing-nu16-b01",
    "cn-chengdu",
    "cn-edge-1",
    "cn-fujian",
    "cn-haidian-cm12-c01",
    "cn-hangzhou",
    "cn-hangzhou-bj-b01",
    "cn-hangzhou-finance",
    "cn-hangzhou-internal-prod-1",
    "cn-hangzhou-internal-test-1",
    "cn-hangzhou-internal-test-2",
    "cn-hangzhou-internal-test-3",
    "cn-hangzhou-test-306",
    "cn-hongkong",
    "cn-hongkong-finance-pop",
    "cn-huhehaote",
    "cn-huhehaote-nebula-1",
    "cn-north-2-gov-1",
    "cn-qingdao",
    "cn-qingdao-nebula",
    "cn-shanghai-et15-b01",
    "cn-shanghai-et2-b01",
    "cn-shanghai-finance-1",
    "cn-shanghai-inner",
    "cn-shanghai-internal-test-1",
    "cn-shenzhen",
    "cn-shenzhen-finance-1",
    "cn-shenzhen-inner",
    "cn-shenzhen-st4-d01",
    "cn-shenzhen-su18-b01",
    "cn-wuhan",
    "cn-wulanchabu",
    "cn-yushanfang",
    "cn-zhangbei",
    "cn-zhangbei-na61-b01",
    "cn-zhangjiakou",
    "cn-zhangjiakou-na62-a01",
    "cn-zhengzhou-nebula-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-1-oxs",
    "me-east-1",
    "rus-west-1-pop",
    "us-east-1",
    "us-west-1",
];

/// Which network to reach the service over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Network {
    /// The public internet (the default).
    #[default]
    Public,
    /// The VPC variant: `<product>-vpc.<region>.aliyuncs.com` where the regional rule applies.
    Vpc,
}

/// The host for `product` in `region`, exactly as the official SDK picks it.
///
/// ```
/// use aliasr_client::{resolve_endpoint, Network};
/// use aliasr_models::Product;
/// assert_eq!(resolve_endpoint(Product::Ice, "cn-shanghai", Network::Public), "ice.cn-shanghai.aliyuncs.com");
/// assert_eq!(resolve_endpoint(Product::Ice, "cn-beijing", Network::Public), "ice.aliyuncs.com");
/// assert_eq!(resolve_endpoint(Product::Live, "cn-guangzhou", Network::Vpc), "live-vpc.cn-guangzhou.aliyuncs.com");
/// ```
pub fn resolve_endpoint(product: Product, region: &str, network: Network) -> String {
    let mapped = match product {
        Product::Ice if region == "cn-shanghai" => Some("ice.cn-shanghai.aliyuncs.com"),
        Product::Ice if ICE_CENTRAL_REGIONS.contains(&region) => Some("ice.aliyuncs.com"),
        // Live maps the same regions plus cn-shanghai and me-central-1 to one host.
        Product::Live
            if region == "cn-shanghai"
                || region == "me-central-1"
                || ICE_CENTRAL_REGIONS.contains(&region) =>
        {
            Some("live.aliyuncs.com")
        }
        _ => None,
    };
    // The SDK ignores `network` when the map has the region.
    if let Some(host) = mapped {
        return host.to_owned();
    }
    let product_id = product.id().to_ascii_lowercase();
    let network = match network {
        Network::Public => "",
        Network::Vpc => "-vpc",
    };
    format!("{product_id}{network}.{region}.aliyuncs.com")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table observed from the official SDK (notes §c).
    #[test]
    fn matches_the_official_sdk_table() {
        let table = [
            (
                "cn-shanghai",
                Network::Public,
                "ice.cn-shanghai.aliyuncs.com",
                "live.aliyuncs.com",
            ),
            (
                "cn-beijing",
                Network::Public,
                "ice.aliyuncs.com",
                "live.aliyuncs.com",
            ),
            (
                "cn-hangzhou",
                Network::Public,
                "ice.aliyuncs.com",
                "live.aliyuncs.com",
            ),
            (
                "cn-shenzhen",
                Network::Public,
                "ice.aliyuncs.com",
                "live.aliyuncs.com",
            ),
            (
                "ap-southeast-1",
                Network::Public,
                "ice.aliyuncs.com",
                "live.aliyuncs.com",
            ),
            (
                "cn-hongkong",
                Network::Public,
                "ice.aliyuncs.com",
                "live.aliyuncs.com",
            ),
            (
                "us-west-1",
                Network::Public,
                "ice.aliyuncs.com",
                "live.aliyuncs.com",
            ),
            (
                "cn-guangzhou",
                Network::Public,
                "ice.cn-guangzhou.aliyuncs.com",
                "live.cn-guangzhou.aliyuncs.com",
            ),
            (
                "ap-southeast-6",
                Network::Public,
                "ice.ap-southeast-6.aliyuncs.com",
                "live.ap-southeast-6.aliyuncs.com",
            ),
            (
                "me-central-1",
                Network::Public,
                "ice.me-central-1.aliyuncs.com",
                "live.aliyuncs.com",
            ),
            (
                "cn-shanghai",
                Network::Vpc,
                "ice.cn-shanghai.aliyuncs.com",
                "live.aliyuncs.com",
            ),
            (
                "cn-guangzhou",
                Network::Vpc,
                "ice-vpc.cn-guangzhou.aliyuncs.com",
                "live-vpc.cn-guangzhou.aliyuncs.com",
            ),
        ];
        for (region, network, ice, live) in table {
            assert_eq!(
                resolve_endpoint(Product::Ice, region, network),
                ice,
                "{region} {network:?}"
            );
            assert_eq!(
                resolve_endpoint(Product::Live, region, network),
                live,
                "{region} {network:?}"
            );
        }
        assert_eq!(ICE_CENTRAL_REGIONS.len(), 56);
    }
}
