package roma

import (
	"fmt"
	"slices"
)

// Regions are the regions where the official SDK (services/roma/v2/region) knows a ROMA
// Connect endpoint. RegionEndpoint accepts others of the same shape, for regions opened
// later.
var knownRegions = []string{"cn-north-1", "cn-north-4", "cn-east-2", "cn-east-3", "cn-south-1", "ap-southeast-1", "ap-southeast-3", "ru-northwest-2"}

// Regions returns the regions where the official SDK knows a ROMA Connect endpoint.
func Regions() []string { return slices.Clone(knownRegions) }

// RegionEndpoint returns the ROMA Connect endpoint of a Huawei Cloud region:
// "https://roma.cn-north-4.myhuaweicloud.com" for "cn-north-4". A region is lower-case
// letters, digits and '-', starting with a letter, at most 32 characters; regions not in
// Regions are accepted (known reports whether it is one), so that a new region needs no
// new release.
func RegionEndpoint(region string) (endpoint string, known bool, err error) {
	if region == "" || len(region) > 32 {
		return "", false, fmt.Errorf("region %q: want 1 to 32 characters, e.g. cn-north-4", printable(region, 40))
	}
	for i := 0; i < len(region); i++ {
		c := region[i]
		if ('a' <= c && c <= 'z') || (i > 0 && (('0' <= c && c <= '9') || c == '-')) {
			continue
		}
		return "", false, fmt.Errorf("region %q: only lower-case letters, digits and '-' (starting with a letter), e.g. cn-north-4", printable(region, 40))
	}
	return "https://roma." + region + ".myhuaweicloud.com", slices.Contains(knownRegions, region), nil
}
