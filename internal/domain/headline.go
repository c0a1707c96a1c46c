package domain

// HeadlineIndicator is the indicator a region's dashboard leads with when its goal tree names
// none: GDP (地区生产总值).
const HeadlineIndicator = "gdp"

// Headline returns the index of the headline focus point (总目标) of a year's goal tree, or -1:
// the focus point at position 0. Position 0 is reserved for it; numbered focus points (着力点)
// start at 1. The headline's first measure linked to an indicator names the headline indicator;
// without one the dashboard leads with HeadlineIndicator.
func Headline(points []FocusPoint) int {
	for i, fp := range points {
		if fp.Position == 0 {
			return i
		}
	}
	return -1
}
